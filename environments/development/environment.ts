import { defineEnvironment } from '@platform/config';
import { applicationImages, organization } from '@platform/environments/common';

/**
 * Development: small and cheap. One NAT gateway, no interface endpoints, a two-node cluster, no backups, and basic
 * logging only (seed 002): Loki, no Prometheus/Grafana, tracing or CloudWatch alarms.
 */
export const environment = defineEnvironment({
  ...organization,
  name: 'development',
  dnsZoneName: 'dev.platform.example.com',
  dnsZoneId: 'Z00PLACEHOLDER01',
  accountId: '100000000001',
  network: {
    vpcCidr: '10.10.0.0/16',
    natGateways: 'single',
    interfaceEndpoints: [],
    flowLogRetentionDays: 30,
  },
  production: false,
  // No copies in another region: development data is rebuilt, not recovered (saves the cross-region copies and replication).
  recovery: { strategy: 'none' },
  cluster: {
    adminRoleArns: ['arn:aws:iam::100000000001:role/platform-admin'],
    logRetentionDays: 30,
    ecrRepositories: applicationImages,
    nodeGroups: {
      // Two nodes: the add-ons, Loki and the scaled-down applications request ~2 cores and ~3.8 GiB with a rolling
      // update, more than one t3.medium offers (see the capacity contract).
      general: { instanceTypes: ['t3.medium'], minSize: 2, desiredSize: 2, maxSize: 3, labels: { role: 'general' } },
    },
    addons: { velero: false },
  },
  data: {
    postgres: { instanceClass: 'db.t3.micro', multiAz: false, backupRetentionDays: 7 },
    redis: { nodeType: 'cache.t3.micro', nodes: 1, multiAz: false },
  },
  observability: {
    metrics: { enabled: false },
    tracing: { enabled: false },
    logs: { retentionDays: 7, storageGiB: 10 },
    cloudwatch: { alarms: false, containerInsights: false },
    // About 1.3 × the estimate (npm run cost -- development: ~$261), so the 80 % alert means spending above plan.
    budget: { monthlyLimitUsd: 350 },
  },
  // Novel Engine at one replica each; any tag, `latest` included.
  workloads: { scaledDown: true, allowLatestTag: true },
  // The account baseline without its costly parts (libs/security/README.md, "Security baseline (once per account and region)", prices each): the trail keeps
  // management events, GuardDuty its detector, S3, EKS audit log and RDS login protection, Security Hub its findings.
  security: {
    cloudTrail: { dataEvents: false },
    guardDuty: { runtimeMonitoring: false },
    securityHub: { standards: [] },
    config: { enabled: false },
  },
});
