export * from './fake-github-api';
