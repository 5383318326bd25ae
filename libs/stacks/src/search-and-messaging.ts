import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { EnvironmentConfig } from '@platform/config';
import { MessageQueues, NotificationTopics, RedisCache, SearchDomain } from '@platform/data';
import { CacheConnection } from '@platform/workloads';
import { Construct } from 'constructs';
import { NetworkStack } from './network-stack';

/**
 * The environment's Redis (config `data.redis`) in the network's cache subnets and group, in `stack`: the primary's
 * data stack, or the secondary region's (empty, refilled by the applications).
 */
export function addRedisCache(stack: Construct, environment: EnvironmentConfig, network: NetworkStack): RedisCache {
  const net = network.network.attributes;
  return new RedisCache(stack, 'redis', {
    name: environment.resourcePrefix,
    accountId: environment.accountId,
    region: environment.region,
    subnetGroupName: net.cacheSubnetGroupName,
    securityGroupIds: [net.securityGroupIds.cache],
    ...environment.data.redis,
    preventDestroy: environment.production,
  });
}

/** Where applications connect to `redis` (TLS, IAM authentication as its application user). */
export function cacheConnection(redis: RedisCache): CacheConnection {
  return { host: redis.primaryEndpoint, port: redis.port, username: redis.applicationUserId };
}

/**
 * OpenSearch (with its own security group: HTTPS from the application group only), when the environment's config
 * asks for it, in `stack`: the primary's data stack, or the secondary region's search stack once it serves.
 */
export function addSearch(stack: Construct, environment: EnvironmentConfig, network: NetworkStack): void {
  const { data, accountId, region, resourcePrefix: name } = environment;
  const net = network.network.attributes;
  // Production keeps its data: `prevent_destroy` on every stateful resource.
  const preventDestroy = environment.production;
  if (data.search.enabled) {
    // HTTPS from the application group only; the domain gets its own group like every other data store.
    const searchGroup = new SecurityGroup(stack, 'search-security-group', { name: `${name}-search`, description: 'OpenSearch: HTTPS from the application group only', vpcId: net.vpcId });
    new VpcSecurityGroupIngressRule(stack, 'search-https-from-application', {
      securityGroupId: searchGroup.id,
      description: 'HTTPS from the application group',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: network.workloadGroupIds.application,
    });
    const zones = data.search.instanceCount % 3 === 0 ? 3 : 2;
    new SearchDomain(stack, 'search', {
      domainName: name.slice(0, 28),
      accountId,
      region,
      subnetIds: Object.values(net.subnetIds.private).slice(0, zones),
      securityGroupIds: [searchGroup.id],
      masterUserRoleArn: environment.cluster.adminRoleArns[0],
      instanceType: data.search.instanceType,
      instanceCount: data.search.instanceCount,
      preventDestroy,
    });
  }
}

/**
 * SQS queues and SNS topics as the environment's config asks, in `stack`: the primary's data stack, or the secondary
 * region's once it serves (created empty).
 */
export function addMessaging(stack: Construct, environment: EnvironmentConfig): void {
  const { data, accountId, region, resourcePrefix: name } = environment;
  const preventDestroy = environment.production;
  if (data.queues.length > 0) {
    new MessageQueues(stack, 'queues', { namePrefix: name, accountId, region, queues: Object.fromEntries(data.queues.map((queue) => [queue, {}])), preventDestroy });
  }
  if (data.topics.length > 0) {
    new NotificationTopics(stack, 'topics', {
      namePrefix: name,
      accountId,
      region,
      topics: Object.fromEntries(data.topics.map((topic) => [topic, { subscriptions: [{ protocol: 'email' as const, endpoint: environment.contactEmail }] }])),
      preventDestroy,
    });
  }
}
