export * from './ecr-repositories';
export * from './eks-cluster';
export * from './eks-managed-addons';
export * from './managed-node-group';
export * from './service-account-role';
export * from './github-actions-runner';
