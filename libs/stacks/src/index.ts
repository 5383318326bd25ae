export * from './environment-stacks';
export * from './network-stack';
export * from './platform-stack';
export * from './run-synth-command';
export * from './synthesize-environments';
