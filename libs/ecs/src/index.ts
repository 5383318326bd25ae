// Compute: cluster, task definition and its roles, service, scaling, blue/green deployments.
export * from './ecs-blue-green-deployment';
export * from './ecs-cluster';
export * from './fargate-service';
export * from './fargate-sizes';
export * from './fargate-task-definition';
export * from './guardduty-agent-repository';
export * from './service-auto-scaling';
export * from './task-execution-role';
export * from './task-role';
// Edge: load balancer, certificate, DNS record, web ACL.
export * from './application-load-balancer';
export * from './load-balancer-certificate';
export * from './load-balancer-dns-record';
export * from './load-balancer-web-acl';
export * from './ingress-load-balancer-edge';
export * from './service-logs-key';
export * from './database-user-setup-task';
