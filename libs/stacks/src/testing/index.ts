export * from './describe-environment-stacks';
