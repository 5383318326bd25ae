import { ArgoRollouts, ClusterAddons, Kyverno, SEED_002_BACKUP_SCHEDULE } from '@platform/cluster-addons';
import { deployedWorkloadServices, EnvironmentConfig, regionalIngressName, workloadsNamespace } from '@platform/config';
import { workloadsQuota } from '@platform/workloads';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { applicationNamespaces, suppressAddonNamespaceIsolation, suppressNamespaceIsolation } from './kubernetes-policy-exemptions';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { backupSelectionTags, publishesRegionalIngressName } from './recovery-settings';

/**
 * `<env>-cluster-addons`: what runs inside the cluster from the start (autoscaling, load balancing, ingress,
 * certificates, secrets, DNS, backups, the default StorageClass, namespaces; the add-ons' custom resources follow in
 * `<env>-cluster-config`), through the Kubernetes and Helm providers authenticated with
 * `aws eks get-token`. Kubernetes and Helm only: their IAM roles and buckets live in the cluster stack, which keeps
 * every AWS resource in a stack that is planned offline.
 */
export class ClusterAddonsStack extends PlatformStack {
  readonly addons: ClusterAddons;
  /** The admission controller enforcing the Kubernetes guardrails at run time (policies: the cluster-config stack). */
  readonly kyverno: Kyverno;
  /** The progressive delivery controller of the workloads' Rollouts (its CRDs are needed by the workloads stack). */
  readonly argoRollouts: ArgoRollouts;

  constructor(scope: Construct, environment: EnvironmentConfig, cluster: ClusterStack, network: NetworkStack) {
    super(scope, environment, 'cluster-addons', { awsProvider: false });
    const { cluster: settings } = environment;
    // The workloads' namespace is a platform namespace like the listed ones.
    const workloads = workloadsNamespace(environment);
    const platformNamespaces = applicationNamespaces(environment);
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
      // Seed 002: daily at 02:00, kept 72 h, of the application namespaces it lists (here the environment's own).
      velero: { schedules: { daily: { ...SEED_002_BACKUP_SCHEDULE, includedNamespaces: [...platformNamespaces].sort() } } },
      // The workloads' namespace holds its services at their autoscalers' maxima with one rolling update.
      namespaces: Object.fromEntries(
        [...platformNamespaces].map((name) => [name, name === workloads ? { quota: workloadsQuota(deployedWorkloadServices(environment.workloads)) } : {}]),
      ),
      // cluster-autoscaler must run the release of the cluster's Kubernetes minor version.
      clusterAutoscaler: { imageTag: `v${settings.version}.0` },
      // The shared ALB (cluster stack: certificate, web ACL, access logs; the network's load-balancer group). With
      // failover records (recovery stack) its health endpoint serves the region's ingress name they point at.
      alb: cluster.ingressAlb,
      // What the controller creates (the shared ALB, its target groups and security groups) is not in Terraform, so the
      // provider's default tags never reach it: the controller puts the environment's tags on it, naming itself as manager.
      loadBalancerTags: { ...environment.tags, ManagedBy: 'aws-load-balancer-controller' },
      regionalIngressName:
        cluster.ingressAlb !== undefined && publishesRegionalIngressName(environment) ? regionalIngressName(environment.dnsZoneName as string, environment.region) : undefined,
      // AWS Backup (recovery stack) snapshots the volumes of the default class by this tag.
      storageClass: { volumeTags: backupSelectionTags(environment) },
    });
    suppressAddonNamespaceIsolation(this.addons);
    // Kyverno's enforcing policies fail closed everywhere, so it always runs at least two admission controllers with
    // a disruption budget: a single one would block pod creation in every covered namespace whenever it restarts.
    this.kyverno = new Kyverno(this, 'kyverno', { highAvailability: environment.production, admissionReplicas: environment.production ? undefined : 2 });
    // Two controllers (leader election, a disruption budget) where users are served: a paused canary is only promoted
    // or rolled back while one runs.
    this.argoRollouts = new ArgoRollouts(this, 'argo-rollouts', { replicas: environment.production ? 2 : 1, roleArn: cluster.argoRolloutsRoleArn });
    suppressNamespaceIsolation(this.argoRollouts.namespace, 'argo-rollouts');
  }
}
