export * from './bootstrap-stack';
export * from './environment-stacks';
export * from './network-stack';
export * from './platform-stack';
export * from './run-synth-command';
export * from './state-backend';
export * from './synthesize-environments';
