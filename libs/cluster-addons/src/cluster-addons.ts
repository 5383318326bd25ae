import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_PLACEMENTS, ADDON_SERVICE_ACCOUNTS, CLUSTER_ADDON_NAMES, ClusterAddonName, IRSA_ADDON_NAMES, IrsaAddonName, serviceAccountSubject } from './addon-catalog';
import { AlbIngressSettings } from './alb-ingress';
import { AwsLoadBalancerController } from './aws-load-balancer-controller';
import { CertManager } from './cert-manager';
import { ClusterAutoscaler, ClusterAutoscalerOptions } from './cluster-autoscaler';
import { EbsStorageClass, EbsStorageClassOptions } from './ebs-storage-class';
import { ExternalDns, ExternalDnsOptions } from './external-dns';
import { ExternalSecrets } from './external-secrets';
import { IngressHealthEndpoint } from './ingress-health-endpoint';
import { MetricsServer } from './metrics-server';
import { PlatformNamespaceOptions, PlatformNamespaces } from './platform-namespaces';
import { AWS_REGION, DNS_NAME, HOSTED_ZONE_ID, IAM_ROLE_ARN, matchesOrToken, requireFormat, S3_BUCKET } from './private/validation';
import { Velero, VeleroOptions } from './velero';
import { VerticalPodAutoscaler } from './vertical-pod-autoscaler';

/** Which add-ons to install: `false` leaves one out, an absent key keeps it. */
export type ClusterAddonSwitches = { readonly [K in ClusterAddonName]?: boolean };
/** IRSA role ARN of each add-on that calls AWS. */
export type ClusterAddonRoleArns = { readonly [K in IrsaAddonName]?: string };

export interface ClusterAddonsProps {
  /** Name of the EKS cluster, e.g. `platform-production`. */
  readonly clusterName: string;
  /** Region of the cluster, e.g. `eu-central-1`. */
  readonly region: string;
  /** VPC of the cluster (for the AWS Load Balancer Controller). */
  readonly vpcId: string;
  /**
   * Add-ons to install; each one can be switched off.
   * @default - every add-on of CLUSTER_ADDON_NAMES
   */
  readonly addons?: ClusterAddonSwitches;
  /**
   * IRSA role ARN per add-on, each trusting the service account in ADDON_SERVICE_ACCOUNTS; required for every
   * enabled add-on of IRSA_ADDON_NAMES.
   * @default {}
   */
  readonly roleArns?: ClusterAddonRoleArns;
  /**
   * Route 53 hosted zone ExternalDNS manages, e.g. `example.com`; required when externalDns is enabled.
   * @default - none
   */
  readonly hostedZoneName?: string;
  /**
   * Id of the hosted zone `hostedZoneName`, e.g. `Z0123456789ABCDEFGHIJ`; required when externalDns is enabled.
   * ExternalDNS touches no other zone (`--zone-id-filter`).
   * @default - none
   */
  readonly hostedZoneId?: string;
  /**
   * S3 bucket of the Velero backups; required when velero is enabled.
   * @default - none
   */
  readonly veleroBucket?: string;
  /**
   * Workload namespaces with Pod Security labels, default-deny network policies, quota and limits.
   * @default - none
   */
  readonly namespaces?: Readonly<Record<string, PlatformNamespaceOptions>>;
  /**
   * Cluster autoscaler tuning.
   * @default - ClusterAutoscaler's defaults
   */
  readonly clusterAutoscaler?: ClusterAutoscalerOptions;
  /**
   * The environment's shared internet-facing ALB (north-south traffic), which the `alb` IngressClass enforces.
   * @default - an `alb` IngressClass without parameters
   */
  readonly alb?: AlbIngressSettings;
  /**
   * Tags the AWS Load Balancer Controller puts on every AWS resource it creates (load balancers, target groups,
   * security groups), e.g. the environment's cost allocation tags; see AwsLoadBalancerController `defaultTags`.
   * @default - only the controller's own tags
   */
  readonly loadBalancerTags?: Readonly<Record<string, string>>;
  /**
   * The region's ingress name, e.g. `ingress.eu-central-1.example.com`, served by the shared ALB's health endpoint
   * (IngressHealthEndpoint) and published by external-dns; needs `alb` and the AWS Load Balancer Controller.
   * @default - none
   */
  readonly regionalIngressName?: string;
  /**
   * ExternalDNS tuning.
   * @default - ExternalDns's defaults (policy upsert-only)
   */
  readonly externalDns?: ExternalDnsOptions;
  /**
   * Velero tuning.
   * @default - Velero's defaults (the seed 002 schedule)
   */
  readonly velero?: VeleroOptions;
  /**
   * The cluster's default StorageClass, of EBS volumes (the EKS managed add-on `aws-ebs-csi-driver` provisions them).
   * @default - EbsStorageClass's defaults: `gp3`, encrypted, WaitForFirstConsumer, the cluster default
   */
  readonly storageClass?: EbsStorageClassOptions;
}

/** Construct id of each add-on below ClusterAddons. */
const CONSTRUCT_IDS: { readonly [K in ClusterAddonName]: string } = {
  awsLoadBalancerController: 'AwsLoadBalancerController',
  clusterAutoscaler: 'ClusterAutoscaler',
  metricsServer: 'MetricsServer',
  verticalPodAutoscaler: 'VerticalPodAutoscaler',
  certManager: 'CertManager',
  externalSecrets: 'ExternalSecrets',
  externalDns: 'ExternalDns',
  velero: 'Velero',
};

/**
 * Everything a cluster runs besides the workloads, in one typed props object: the add-ons (all enabled unless
 * switched off; a disabled add-on creates nothing), the default StorageClass and the platform namespaces. The
 * add-ons' custom resources (issuers, secret store) need the CRDs at plan time: ClusterConfig creates them, in the
 * stack after this one.
 *
 * The AWS Load Balancer Controller installs first: its webhook admits every new Service (failure policy Fail),
 * so a chart creating a Service while the controller is not ready yet would fail.
 */
export class ClusterAddons extends Construct {
  /** Construct id of each add-on, for tests and for `-target` addresses. */
  static readonly CONSTRUCT_IDS = CONSTRUCT_IDS;

  /** The enabled add-ons, in install order. */
  readonly enabled: readonly ClusterAddonName[];
  /** The Helm release of each enabled add-on. */
  readonly releases: { readonly [K in ClusterAddonName]?: Release };
  readonly certManager?: CertManager;
  /** The shared ALB's health endpoint, with `regionalIngressName`. */
  readonly ingressHealth?: IngressHealthEndpoint;
  readonly namespaces?: PlatformNamespaces;
  /** The default StorageClass every PersistentVolumeClaim of the platform gets. */
  readonly storageClass: EbsStorageClass;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    this.enabled = CLUSTER_ADDON_NAMES.filter((addon) => props.addons?.[addon] ?? true);
    // validate() proves every input an enabled add-on needs is set, hence the `!` below.
    const roleArns = this.validate(props);
    const on = (addon: ClusterAddonName) => this.enabled.includes(addon);
    const { clusterName, region } = props;

    const releases: { [K in ClusterAddonName]?: Release } = {};
    let dependsOn: ITerraformDependable[] | undefined;
    if (on('awsLoadBalancerController')) {
      releases.awsLoadBalancerController = new AwsLoadBalancerController(this, CONSTRUCT_IDS.awsLoadBalancerController, {
        clusterName,
        region,
        vpcId: props.vpcId,
        roleArn: roleArns.awsLoadBalancerController,
        alb: props.alb,
        defaultTags: props.loadBalancerTags,
      }).release;
      dependsOn = [releases.awsLoadBalancerController];
      if (props.alb !== undefined && props.regionalIngressName !== undefined) {
        this.ingressHealth = new IngressHealthEndpoint(this, 'IngressHealth', { alb: props.alb, hostname: props.regionalIngressName, dependsOn });
      }
    }
    if (on('clusterAutoscaler')) {
      releases.clusterAutoscaler = new ClusterAutoscaler(this, CONSTRUCT_IDS.clusterAutoscaler, {
        ...props.clusterAutoscaler,
        clusterName,
        region,
        roleArn: roleArns.clusterAutoscaler,
        dependsOn,
      }).release;
    }
    if (on('metricsServer')) {
      releases.metricsServer = new MetricsServer(this, CONSTRUCT_IDS.metricsServer, { dependsOn }).release;
    }
    if (on('verticalPodAutoscaler')) {
      releases.verticalPodAutoscaler = new VerticalPodAutoscaler(this, CONSTRUCT_IDS.verticalPodAutoscaler, { dependsOn }).release;
    }
    if (on('certManager')) {
      this.certManager = new CertManager(this, CONSTRUCT_IDS.certManager, { dependsOn });
      releases.certManager = this.certManager.release;
    }
    if (on('externalSecrets')) {
      releases.externalSecrets = new ExternalSecrets(this, CONSTRUCT_IDS.externalSecrets, { roleArn: roleArns.externalSecrets, dependsOn }).release;
    }
    if (on('externalDns')) {
      releases.externalDns = new ExternalDns(this, CONSTRUCT_IDS.externalDns, {
        ...props.externalDns,
        hostedZoneName: props.hostedZoneName!,
        hostedZoneId: props.hostedZoneId!,
        clusterName,
        region,
        roleArn: roleArns.externalDns,
        dependsOn,
      }).release;
    }
    if (on('velero')) {
      releases.velero = new Velero(this, CONSTRUCT_IDS.velero, { ...props.velero, bucket: props.veleroBucket!, region, clusterName, roleArn: roleArns.velero, dependsOn }).release;
    }
    this.releases = releases;
    this.storageClass = new EbsStorageClass(this, 'StorageClass', props.storageClass);

    if (Object.keys(props.namespaces ?? {}).length > 0) {
      this.namespaces = new PlatformNamespaces(this, 'Namespaces', { namespaces: props.namespaces ?? {} });
    }
  }

  /** Checks the composite's own fields, naming them as the caller wrote them; returns the checked role ARNs. */
  private validate(props: ClusterAddonsProps): Record<IrsaAddonName, string> {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const on = (addon: ClusterAddonName) => this.enabled.includes(addon);
    const disable = (addon: ClusterAddonName) => `or disable the add-on with addons.${addon}: false`;

    for (const key of Object.keys(props.addons ?? {})) {
      require((CLUSTER_ADDON_NAMES as readonly string[]).includes(key), `addons.${key}`, `'${key}' is not an add-on`, `use one of ${CLUSTER_ADDON_NAMES.join(', ')}`);
    }
    require(props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    if (on('awsLoadBalancerController')) {
      require(matchesOrToken(props.vpcId, /^vpc-[0-9a-f]+$/), 'vpcId', `'${props.vpcId}' is not a VPC id`, "pass the id of the cluster's VPC, e.g. vpc-0123abcd");
    }

    const roleArns: Partial<Record<IrsaAddonName, string>> = {};
    for (const addon of IRSA_ADDON_NAMES.filter(on)) {
      const roleArn = props.roleArns?.[addon];
      const subject = serviceAccountSubject(ADDON_SERVICE_ACCOUNTS[addon]);
      requireFormat(this, roleArn, `roleArns.${addon}`, IAM_ROLE_ARN, 'an IAM role ARN', `pass the ARN of the IRSA role trusting ${subject}, ${disable(addon)}`);
      roleArns[addon] = roleArn;
    }
    if (on('externalDns')) {
      requireFormat(this, props.hostedZoneName, 'hostedZoneName', DNS_NAME, 'a DNS zone name', `pass the Route 53 zone ExternalDNS manages, e.g. example.com, ${disable('externalDns')}`);
      requireFormat(
        this,
        props.hostedZoneId,
        'hostedZoneId',
        HOSTED_ZONE_ID,
        'a Route 53 hosted zone id',
        `pass the id of the Route 53 zone hostedZoneName, e.g. Z0123456789ABCDEFGHIJ, ${disable('externalDns')}`,
      );
    }
    if (on('velero')) {
      requireFormat(this, props.veleroBucket, 'veleroBucket', S3_BUCKET, 'an S3 bucket name', `pass the name of the backup bucket, ${disable('velero')}`);
    }
    for (const name of Object.keys(props.namespaces ?? {})) {
      const owner = this.enabled.find((addon) => ADDON_PLACEMENTS[addon].namespace === name);
      require(owner === undefined, `namespaces.${name}`, `'${name}' is the namespace of the ${owner} add-on, which Helm creates`, 'choose another name');
    }

    require(
      props.regionalIngressName === undefined || (props.alb !== undefined && on('awsLoadBalancerController')),
      'regionalIngressName',
      'is served by the shared ALB, which needs alb and the AWS Load Balancer Controller',
      'pass alb and keep awsLoadBalancerController enabled, or leave regionalIngressName out',
    );
    if (props.alb !== undefined && !on('awsLoadBalancerController')) {
      Annotations.of(this).addWarning('alb is set without awsLoadBalancerController: nothing provisions the shared ALB of the alb Ingresses.');
    }
    return roleArns as Record<IrsaAddonName, string>;
  }
}
