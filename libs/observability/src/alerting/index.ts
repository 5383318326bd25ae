export * from './alert-types';
