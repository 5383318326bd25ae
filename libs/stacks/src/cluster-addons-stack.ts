import { ClusterAddons, NamespaceQuota, PlatformNamespaces } from '@platform/cluster-addons';
import { parseQuantity } from '@platform/core';
import { namespaceUsage } from '@platform/workloads';
import { EnvironmentConfig, workloadsNamespace } from '@platform/config';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { environmentServices } from './workloads-stack';

/**
 * The workloads namespace's quota: the defaults, raised to what the services take at their autoscalers' maxima during
 * a rollout (plus an ACME solver per host), so the quota never stops a scale-out the node groups can hold.
 */
function workloadsQuota(environment: EnvironmentConfig): NamespaceQuota {
  const hosts = new Set(environmentServices(environment).flatMap((service) => (service.routes ?? []).map((route) => route.host)));
  const usage = namespaceUsage(environmentServices(environment), hosts.size);
  const defaults = PlatformNamespaces.DEFAULT_QUOTA;
  const atLeast = (current: string, needed: number, unit: 'cpu' | 'memory') => {
    if ((parseQuantity(current) ?? 0) >= needed) return current;
    return unit === 'cpu' ? `${Math.ceil(needed * 1000)}m` : `${Math.ceil(needed / 2 ** 20)}Mi`;
  };
  return {
    requestsCpu: atLeast(defaults.requestsCpu, usage.requestsCpu, 'cpu'),
    limitsCpu: atLeast(defaults.limitsCpu, usage.limitsCpu, 'cpu'),
    requestsMemory: atLeast(defaults.requestsMemory, usage.requestsMemory, 'memory'),
    limitsMemory: atLeast(defaults.limitsMemory, usage.limitsMemory, 'memory'),
    pods: Math.max(defaults.pods, usage.pods),
  };
}

/**
 * `<env>-cluster-addons`: what runs inside the cluster from the start (autoscaling, load balancing, ingress,
 * certificates, secrets, DNS, backups, the default StorageClass, namespaces; the add-ons' custom resources follow in
 * `<env>-cluster-config`), through the Kubernetes and Helm providers authenticated with
 * `aws eks get-token`. Kubernetes and Helm only: their IAM roles and buckets live in the cluster stack, which keeps
 * every AWS resource in a stack that is planned offline.
 */
export class ClusterAddonsStack extends PlatformStack {
  readonly addons: ClusterAddons;

  constructor(scope: Construct, environment: EnvironmentConfig, cluster: ClusterStack, network: NetworkStack) {
    super(scope, environment, 'cluster-addons', { awsProvider: false });
    const { cluster: settings } = environment;
    // The workloads' namespace is a platform namespace like the listed ones.
    const workloads = workloadsNamespace(environment);
    const platformNamespaces = new Set([...settings.namespaces, ...(workloads === undefined ? [] : [workloads])]);
    cluster.connectProviders(this);
    this.addons = new ClusterAddons(this, 'addons', {
      clusterName: environment.resourcePrefix,
      region: environment.region,
      vpcId: network.network.attributes.vpcId,
      addons: settings.addons,
      roleArns: cluster.addonRoleArns,
      hostedZoneName: environment.dnsZoneName,
      hostedZoneId: environment.dnsZoneId,
      veleroBucket: cluster.backupBucketName,
      namespaces: Object.fromEntries([...platformNamespaces].map((name) => [name, name === workloads ? { quota: workloadsQuota(environment) } : {}])),
      // cluster-autoscaler must run the release of the cluster's Kubernetes minor version.
      clusterAutoscaler: { imageTag: `v${settings.version}.0` },
      // The NLB carries the network's load-balancer group, which the application group (on every node) admits.
      ingressNginx: { loadBalancerSecurityGroupIds: [network.network.attributes.securityGroupIds.loadBalancer] },
    });
  }
}
