// The account security baseline (issue 20): audit trail, threat detection, security posture and account defaults per
// account and region; forwarding of findings to the primary region and their routing to the alert topics.
export * from './account-defaults';
export * from './audit-trail';
export * from './cis-metric-filters';
export * from './finding-alerts';
export * from './findings-forwarder';
export * from './guardduty-findings';
export * from './security-posture';
export * from './threat-detection';
