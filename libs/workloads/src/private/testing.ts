import { AlbIngressSettings } from '@platform/cluster-addons';
import { SynthesizedJson, SynthesizedResource } from '@platform/terraform-testing';
import { WorkloadEnvironmentOptions } from '../application-service';
import { needsServiceAccountRole, ServiceSpec } from '../workload-spec';

/** Secrets of the test environment: the data stack's defaults plus what the catalogs need. */
export const TEST_SECRETS = ['novel-engine/gemini-api-key', 'novel-engine/jwt-secret-key', 'microservices/jwt-secret', 'kgas/database-url'];

export const TEST_ENVIRONMENT: WorkloadEnvironmentOptions = {
  namespace: 'apps',
  imageRegistry: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
  imageTag: '3f2c1ab',
  secretNamePrefix: 'platform/production/',
  knownSecrets: TEST_SECRETS,
  databaseCidrs: ['10.0.64.0/24', '10.0.65.0/24'],
  cacheCidrs: ['10.0.66.0/24'],
  vpcCidr: '10.0.0.0/16',
  loadBalancerCidrs: ['10.0.0.0/23', '10.0.2.0/23'],
  prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
  dataTier: {
    region: 'eu-central-1',
    database: { host: 'platform-production.abc123.eu-central-1.rds.amazonaws.com', port: 5432, databaseName: 'app', username: 'app' },
    cache: { host: 'master.platform-production.abc123.euc1.cache.amazonaws.com', port: 6379, username: 'platform-production-app' },
  },
};

/** The environment's shared ALB, as the cluster stack describes it. */
export const TEST_ALB: AlbIngressSettings = {
  loadBalancerName: 'platform-production-ingress',
  certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0000-1111',
  webAclArn: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-production-ingress/2222',
  securityGroupIds: ['sg-0123abcd'],
};

/** The one resource of `type` whose construct path contains `id` and `name`. */
export function resourceOf(json: SynthesizedJson, type: string, name: string, id: string): SynthesizedResource {
  const matches = json.resources(type).filter(({ logicalId }) => logicalId.split('_').includes(name) && logicalId.split('_').includes(id));
  if (matches.length !== 1) throw new Error(`expected one ${type} ${name}/${id}, found ${matches.length}`);
  return matches[0];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** IRSA role ARNs of every service of `specs` that needs one, as the cluster stack would create them. */
export function testRoleArns(specs: readonly ServiceSpec[]): Record<string, string> {
  return Object.fromEntries(specs.filter(needsServiceAccountRole).map((spec) => [spec.name, `arn:aws:iam::123456789012:role/platform-production-${spec.name}`]));
}
