// Recovery: AWS Backup vaults (own key, access policy, lock) and plans (named rules, cross-region copies, selection);
// cross-region replication of S3 buckets and ECR repositories; Route 53 health checks and failover records; what each
// DR strategy achieves (RPO, failover steps and RTO) and the objectives it cannot meet.
export * from './backup-plan';
export * from './backup-vault';
export * from './bucket-replication';
export * from './endpoint-health-check';
export * from './health-checked-failover-record';
export * from './recovery-objectives';
export * from './registry-replication';
export * from './replica-bucket';
