export * from './baseline-security-groups';
export * from './data-subnet-groups';
export * from './database-network-acl';
export * from './nat-gateways';
export * from './network';
export * from './subnet-layout';
export * from './vpc-endpoints';
export * from './vpc-flow-logs';
