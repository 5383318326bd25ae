export * from './application-ingress';
export * from './application-service';
export * from './catalogs';
export * from './data-tier-connection';
export * from './service-account-roles';
export * from './validate-service-specs';
export * from './workload-spec';
export * from './workloads';
