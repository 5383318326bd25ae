export * from './destroy-label';
export * from './drift-issue';
export * from './github-connection';
export * from './plan-changes';
export * from './plan-comment-error';
export * from './plan-json';
export * from './render-plan-comment';
export * from './sticky-comment';
