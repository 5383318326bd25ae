export * from './alerting';
export * from './aws';
export * from './in-cluster';
