export * from './example-environment';
