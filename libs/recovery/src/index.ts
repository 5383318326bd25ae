// Recovery: AWS Backup vaults (own key, access policy, lock) and plans (named rules, cross-region copies, selection).
export * from './backup-plan';
export * from './backup-vault';
