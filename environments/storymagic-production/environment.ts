import { defineEnvironment } from '@platform/config';
import { storyMagic, storyMagicApi, storyMagicMetricAlarms, storyMagicSecrets } from '@platform/environments/common';

/**
 * StoryMagic production (seed 003): the API on ECS Fargate behind an ALB, 2 tasks of 1 vCPU / 2 GB scaled 1–4,
 * blue/green releases; PostgreSQL db.t3.medium Multi-AZ with 100 → 1000 GB and 7 days of backups; Redis
 * cache.t3.micro with a replica; CloudFront for EU countries only; a $400 monthly budget.
 */
export const environment = defineEnvironment({
  ...storyMagic,
  name: 'storymagic-production',
  dnsZoneName: 'storymagic.example.com',
  dnsZoneId: 'Z00PLACEHOLDER06',
  accountId: '100000000006',
  network: {
    // Seed 003's VPC.
    vpcCidr: '10.0.0.0/16',
    // One NAT gateway, as the seed draws it: with two zones a second one would cost ~$38 a month of a $400 budget;
    // the tasks keep running if its zone fails, only their calls out (OpenAI, Firebase) stop until it is back.
    natGateways: 'single',
    // No interface endpoints (~$8.76 each per zone a month): image pulls, logs and secrets go through the NAT gateway.
    interfaceEndpoints: [],
    applicationPorts: [3000],
  },
  data: {
    postgres: { instanceClass: 'db.t3.medium', backupRetentionDays: 7 },
    // Seed 003 runs one node "(Single AZ for development)"; production keeps a replica in the other zone with
    // automatic failover (guardrail PLAT-EC-004), ~$14 a month.
    redis: { nodeType: 'cache.t3.micro' },
    secrets: storyMagicSecrets,
    cdn: { gdpr: true, hostname: 'app' },
  },
  // Seed 003: RTO 4 h / RPO 1 h with eu-west-1 as the backup region: a pilot light (replica and network there).
  recovery: { strategy: 'pilot-light', rpoMinutes: 60, rtoMinutes: 240, secondaryVpcCidr: '10.100.0.0/16' },
  ecs: { services: { api: storyMagicApi } },
  observability: {
    cloudwatch: { applicationLogRetentionDays: 30, databaseLogRetentionDays: 7, metricAlarms: storyMagicMetricAlarms },
    budget: { monthlyLimitUsd: 400 },
  },
});
