// Public API: filled in by the constructs of this library.
export * from './fargate-sizes';
