import { DEFAULT_APPLICATION_SECRETS, DEFAULT_NODE_GROUPS, defineEnvironment } from '@platform/config';
import { alertEmail, applicationImages, kgasWorkers, organization } from '@platform/environments/common';

/** Staging: production-like (NAT per AZ, interface endpoints, both node groups) on a three-node general group. */
export const environment = defineEnvironment({
  ...organization,
  name: 'staging',
  dnsZoneName: 'staging.platform.example.com',
  dnsZoneId: 'Z00PLACEHOLDER03',
  accountId: '100000000003',
  network: {
    vpcCidr: '10.30.0.0/16',
    flowLogRetentionDays: 90,
  },
  production: false,
  cluster: {
    adminRoleArns: ['arn:aws:iam::100000000003:role/platform-admin'],
    logRetentionDays: 90,
    ecrRepositories: applicationImages,
    // At least three nodes (seed 002) of t3.xlarge: a t3.medium with prefix delegation (110 pods) keeps 2.2 GiB for
    // pods, too little for Prometheus next to the DaemonSets. Four at the start: with seed 002's microservices next to
    // Novel Engine, three would hold the pods and one rolling update at 99 % of their CPU (see the capacity contract).
    // At most seven: every HPA at its maximum needs 23.7 cores with GuardDuty's security agent (200m on each node,
    // security.guardDuty.runtimeMonitoring), just over six nodes' 23.5. kgas-workers: seed 004's group, KGAS's own (see kgasWorkers).
    nodeGroups: {
      ...DEFAULT_NODE_GROUPS,
      general: { ...DEFAULT_NODE_GROUPS.general, instanceTypes: ['t3.xlarge'], minSize: 3, desiredSize: 4, maxSize: 7 },
      'kgas-workers': kgasWorkers,
    },
    namespaces: ['staging'],
  },
  data: {
    secrets: [...DEFAULT_APPLICATION_SECRETS, 'microservices/jwt-secret', 'kgas/database-url', 'observability/slack-webhook-url'],
    postgres: { backupRetentionDays: 14 },
    search: { enabled: true },
    queues: ['tasks', 'notifications'],
    topics: ['domain-events'],
  },
  observability: {
    // Full monitoring and alerting (seed 002), without paging: critical and warning alerts go to Slack.
    alerting: { slack: { channel: '#platform-alerts-staging', webhookSecretName: 'observability/slack-webhook-url' }, email: alertEmail },
    // About 1.3 × the estimate (npm run cost -- staging: ~$1,744 with KGAS's three t3.medium), so the 80 % alert means
    // spending above plan.
    budget: { monthlyLimitUsd: 2300 },
  },
  workloads: {
    // Seed 002's microservices run where its pipeline deploys them (staging and production, next to their OpenSearch,
    // queues and topics), on services.<dnsZoneName>; seed 004's KGAS API on kgas.<dnsZoneName>, on its kgas-workers
    // nodes.
    catalogs: ['novel-engine', 'microservices', 'kgas'],
    // Seed 001: the Novel Engine services scale 2–10 in staging (3–20 in production); seed 002's HPA is 2–10 too, and
    // KGAS's 2–20 becomes 2–10 here.
    autoscaling: { minReplicas: 2, maxReplicas: 10 },
  },
});
