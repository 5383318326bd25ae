import { defineEnvironment } from '@platform/config';
import { alertEmail, applicationImages, organization } from '@platform/environments/common';

/** Testing: automated tests and QA on a one-node cluster class. One NAT gateway, no interface endpoints, no backups. */
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
  cluster: {
    adminRoleArns: ['arn:aws:iam::100000000002:role/platform-admin'],
    logRetentionDays: 30,
    ecrRepositories: applicationImages,
    nodeGroups: {
      general: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 1, maxSize: 2, labels: { role: 'general' } },
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
    budget: { monthlyLimitUsd: 100 },
  },
  // QA may deploy `latest`; staging and production may not.
  workloads: { allowLatestTag: true },
});
