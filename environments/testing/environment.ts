import { defineEnvironment } from '@platform/config';
import { alertEmail, applicationImages, organization } from '@platform/environments/common';

/** Testing: automated tests and QA on a small cluster (three t3.large). One NAT gateway, no interface endpoints, no backups. */
export const environment = defineEnvironment({
  ...organization,
  name: 'testing',
  dnsZoneName: 'test.platform.example.com',
  dnsZoneId: 'Z00PLACEHOLDER02',
  accountId: '100000000002',
  network: {
    vpcCidr: '10.20.0.0/16',
    natGateways: 'single',
    interfaceEndpoints: [],
    flowLogRetentionDays: 30,
  },
  production: false,
  // No copies in another region: development data is rebuilt, not recovered (saves the cross-region copies and replication).
  recovery: { strategy: 'none' },
  cluster: {
    adminRoleArns: ['arn:aws:iam::100000000002:role/platform-admin'],
    logRetentionDays: 30,
    ecrRepositories: applicationImages,
    nodeGroups: {
      // The full monitoring stack and the applications need ~4.3 cores and ~9 GiB of requests with a rolling update:
      // three t3.large (a t3.medium with 110 pods keeps 2.2 GiB, too little for Prometheus). See the capacity contract.
      general: { instanceTypes: ['t3.large'], minSize: 2, desiredSize: 3, maxSize: 5, labels: { role: 'general' } },
    },
    addons: { velero: false },
  },
  data: {
    postgres: { instanceClass: 'db.t3.small', multiAz: false, backupRetentionDays: 7 },
    redis: { nodeType: 'cache.t3.micro', nodes: 1, multiAz: false },
  },
  observability: {
    // The full monitoring stack for QA (seed 002), without CloudWatch alarms; alerts reach the team by email.
    metrics: { storageGiB: 20 },
    alerting: { email: alertEmail },
    logs: { retentionDays: 14, storageGiB: 20 },
    cloudwatch: { alarms: false, containerInsights: false },
    // About 1.3 × the estimate (npm run cost -- testing: ~$421), so the 80 % alert means spending above plan.
    budget: { monthlyLimitUsd: 550 },
  },
  // QA may deploy `latest`; staging and production may not. Autoscaling as in staging (seed 001).
  workloads: { allowLatestTag: true, autoscaling: { minReplicas: 2, maxReplicas: 10 } },
  // The account baseline without its costly parts (libs/security/README.md, "Security baseline (once per account and region)", prices each): the trail keeps
  // management events, GuardDuty its detector, S3, EKS audit log and RDS login protection, Security Hub its findings.
  security: {
    cloudTrail: { dataEvents: false },
    guardDuty: { runtimeMonitoring: false },
    securityHub: { standards: [] },
    config: { enabled: false },
  },
});
