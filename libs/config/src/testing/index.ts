export * from './example-environment';
export * from './config-issues';
