// Compute: cluster, task definition and its roles, service, scaling, blue/green deployments.
export * from './ecs-blue-green-deployment';
export * from './ecs-cluster';
export * from './fargate-service';
export * from './fargate-sizes';
export * from './fargate-task-definition';
export * from './service-auto-scaling';
export * from './task-execution-role';
export * from './task-role';
