export * from './cluster-schema';
export * from './data-schema';
export * from './ecs-schema';
export * from './ecs-service-names';
export * from './environment-schema';
export * from './load-environment';
export * from './observability-schema';
export * from './workloads-schema';
