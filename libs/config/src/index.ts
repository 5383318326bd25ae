export * from './environment-schema';
export * from './load-environment';
