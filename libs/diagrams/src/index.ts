export * from './architecture-graph';
export * from './diagram-svg';
export * from './dot';
export * from './graph';
