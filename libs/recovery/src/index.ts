// Recovery: AWS Backup vaults (own key, access policy, lock) and plans (named rules, cross-region copies, selection);
// what each DR strategy achieves (RPO, failover steps and RTO) and the objectives it cannot meet.
export * from './backup-plan';
export * from './backup-vault';
export * from './recovery-objectives';
