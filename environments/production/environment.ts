import { DEFAULT_APPLICATION_SECRETS, DEFAULT_NODE_GROUPS, defineEnvironment } from '@platform/config';
import { alertEmail, applicationImages, kgasWorkers, organization } from '@platform/environments/common';

/**
 * Production: every default (NAT per AZ, all interface endpoints, the seed node groups, every add-on, the full
 * observability stack), plus paging: critical alerts go to PagerDuty, warnings to Slack.
 */
export const environment = defineEnvironment({
  ...organization,
  name: 'production',
  dnsZoneName: 'platform.example.com',
  dnsZoneId: 'Z00PLACEHOLDER04',
  accountId: '100000000004',
  network: {
    vpcCidr: '10.40.0.0/16',
  },
  cluster: {
    ecrRepositories: applicationImages,
    adminRoleArns: ['arn:aws:iam::100000000004:role/platform-admin'],
    namespaces: ['production'],
    // t3.xlarge: with prefix delegation a node takes 110 pods, and kube-reserved grows with it (11 MiB per pod),
    // leaving a t3.medium 2.2 GiB, too little for Prometheus (2 GiB) next to the DaemonSets. The seed's 2–10 nodes,
    // starting at 4 rather than its 3: with seed 002's microservices next to Novel Engine, three would hold the pods
    // and one rolling update at 100 % of their CPU (see the capacity contract; seed 002 plans 6+ nodes for itself).
    // kgas-workers: seed 004's group, KGAS's own (see kgasWorkers).
    nodeGroups: { ...DEFAULT_NODE_GROUPS, general: { ...DEFAULT_NODE_GROUPS.general, instanceTypes: ['t3.xlarge'], desiredSize: 4 }, 'kgas-workers': kgasWorkers },
  },
  data: {
    secrets: [...DEFAULT_APPLICATION_SECRETS, 'microservices/jwt-secret', 'kgas/database-url', 'observability/pagerduty-routing-key', 'observability/slack-webhook-url'],
    search: { enabled: true },
    queues: ['tasks', 'notifications'],
    topics: ['domain-events'],
  },
  observability: {
    alerting: {
      pagerDuty: { routingKeySecretName: 'observability/pagerduty-routing-key' },
      slack: { channel: '#platform-alerts', webhookSecretName: 'observability/slack-webhook-url' },
      email: alertEmail,
      // The database maintenance window (sun 04:00-05:00 UTC): warnings are muted, critical alerts still page.
      maintenanceWindows: [{ name: 'database-maintenance', weekdays: ['sunday'], times: [{ start: '04:00', end: '05:00' }] }],
    },
    // About 1.3 × the estimate (npm run cost -- production: ~$2,578, of which ~$830 the warm standby in eu-west-1 and
    // ~$120 KGAS's three t3.medium; seed 003's $400 is StoryMagic's, see storymagic-production), so the 80 % alert
    // means spending above plan.
    budget: { monthlyLimitUsd: 3400 },
  },
  // Seed 002: RPO and RTO of 15 minutes for the critical services; the production figures are RPO 15 min /
  // RTO 1 h. Only a warm standby in eu-west-1 meets both (npm run dr -- plan-failover production: 45 minutes).
  recovery: { strategy: 'warm-standby', rpoMinutes: 15, rtoMinutes: 60, secondaryVpcCidr: '10.140.0.0/16' },
  // Seed 002's microservices next to Novel Engine, on services.<dnsZoneName>; seed 004's KGAS API on
  // kgas.<dnsZoneName>, on its kgas-workers nodes.
  workloads: { catalogs: ['novel-engine', 'microservices', 'kgas'] },
});
