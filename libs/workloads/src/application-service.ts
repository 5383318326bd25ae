import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2, HorizontalPodAutoscalerV2SpecMetric } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ALB_ANNOTATION_PREFIX, IRSA_ROLE_ANNOTATION, SECRETS_MANAGER_CLUSTER_STORE } from '@platform/cluster-addons';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import * as ipaddr from 'ipaddr.js';
import { DataTierConnection, dataTierEnvironment } from './data-tier-connection';
import { ARGO_MANAGED_SERVICE_FIELDS, POD_TEMPLATE_HASH_LABEL, RolloutIngress, ServiceRollout } from './service-rollout';
import { DNS_LABEL, ECR_REGISTRY, IAM_ROLE_ARN, isLateBound, NAME_LABEL, serviceLabels } from './private/names';
import { networkPolicySpec } from './private/network-rules';
import { podTemplateSpec } from './private/pod-template';
import { ServiceSpecError, validateServiceSpecs } from './validate-service-specs';
import { deliveryOf, metricsContainerPort, needsServiceAccountRole, podDisruptionMinAvailable, ScalingRules, SERVICE_DEFAULTS, ServiceSpec, usesAwsApis } from './workload-spec';

/** Where the services of an environment run and what their network policies may reach; shared by every service. */
export interface WorkloadEnvironmentOptions {
  /** Namespace of the services, e.g. `novel-engine` (a PlatformNamespaces namespace). */
  readonly namespace: string;
  /** ECR registry host, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com`. */
  readonly imageRegistry: string;
  /** Image tag of every service without its own, e.g. the git commit SHA from CI (may be a Terraform variable). */
  readonly imageTag: string;
  /** Prefix of the application secrets in Secrets Manager, `<project>/<environment>/`, e.g. `platform/production/`. */
  readonly secretNamePrefix: string;
  /** Application secret names that exist under the prefix (the data stack's `data.secrets`). */
  readonly knownSecrets: readonly string[];
  /**
   * Whether the environment serves users (staging, production): `latest` tags and missing readiness probes are errors.
   * @default true
   */
  readonly production?: boolean;
  /** CIDRs of the database subnets, for services with `network.database`. @default [] */
  readonly databaseCidrs?: readonly string[];
  /** CIDRs of the cache subnets, for services with `network.cache`. @default [] */
  readonly cacheCidrs?: readonly string[];
  /**
   * Where services with `network.database` / `network.cache` connect with IAM authentication; their containers get
   * DATABASE_URL, DATABASE_IAM_AUTH, REDIS_URL, REDIS_IAM_AUTH and AWS_REGION (see dataTierEnvironment).
   * @default - none; required when a service uses the database or the cache
   */
  readonly dataTier?: DataTierConnection;
  /** CIDR of the VPC: interface endpoints live there, and internet HTTPS excludes it. @default - required when a service calls AWS APIs or the internet */
  readonly vpcCidr?: string;
  /**
   * CIDRs of the shared ALB's subnets (the public subnets), admitted to the container port of services with routes.
   * @default [] - required when a service has routes
   */
  readonly loadBalancerCidrs?: readonly string[];
  /** Namespace of Prometheus, allowed to the metrics ports. @default 'monitoring' */
  readonly monitoringNamespace?: string;
  /**
   * Labels of the Prometheus server pods, the only pods of the monitoring namespace allowed to the metrics ports.
   * @default PROMETHEUS_POD_LABELS - `app.kubernetes.io/name: prometheus`, which the prometheus-operator sets
   */
  readonly prometheusPodLabels?: Readonly<Record<string, string>>;
  /**
   * Whether each service with `metrics` gets a ServiceMonitor (monitoring.coreos.com/v1). Needs the
   * prometheus-operator's CRDs (kube-prometheus-stack) before the first plan; turn it off where Prometheus does not run.
   * @default true
   */
  readonly serviceMonitors?: boolean;
  /**
   * The OpenTelemetry Collector the services send traces to: egress to its pods on its OTLP ports, and its URL as
   * OTEL_EXPORTER_OTLP_ENDPOINT.
   * @default - no collector: no OTLP egress
   */
  readonly otlpCollector?: OtlpCollectorAccess;
  /** Whether the cluster serves the custom metrics API for `requestsPerSecond`. @default false */
  readonly customMetricsApi?: boolean;
  /**
   * Whether `terraform apply` waits until each ExternalSecret has synced, so a missing secret value fails the apply
   * naming the ExternalSecret instead of leaving pods in CreateContainerConfigError.
   * @default true
   */
  readonly waitForSecrets?: boolean;
  /** `app.kubernetes.io/part-of` label, e.g. `novel-engine`. @default - none */
  readonly partOf?: string;
  /**
   * In-cluster URL of Prometheus, which the release analysis of canary and blue/green services asks.
   * @default - none: only services with `delivery.analysis: false` may use canary or blueGreen
   */
  readonly prometheusUrl?: string;
}

/** Where the OpenTelemetry Collector's pods run and listen. */
export interface OtlpCollectorAccess {
  /** Namespace of the collector, e.g. `monitoring`. */
  readonly namespace: string;
  /** Labels of the collector's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** OTLP ports of the pods. @default OTLP_PORTS - 4317 (gRPC) and 4318 (HTTP) */
  readonly ports?: readonly number[];
  /** URL the SDKs send to (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. `http://collector.monitoring.svc.cluster.local:4318`. @default - not set */
  readonly endpoint?: string;
}

/** The label the prometheus-operator puts on Prometheus server pods. */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };
/** OTLP gRPC and HTTP. */
export const OTLP_PORTS: readonly number[] = [4317, 4318];
/** The OpenTelemetry SDKs' variable for the OTLP endpoint. */
export const OTLP_ENDPOINT_ENV_VAR = 'OTEL_EXPORTER_OTLP_ENDPOINT';

export interface ApplicationServiceProps extends WorkloadEnvironmentOptions {
  /** The service. */
  readonly spec: ServiceSpec;
  /** Container ports of the other services of the namespace, by name, for `network.calls` and `network.callers`. @default {} */
  readonly peerContainerPorts?: Readonly<Record<string, number>>;
  /**
   * ARN of the IRSA role the platform created for the service account (see serviceAccountRoleRequests); with it the
   * NetworkPolicy allows 443 to the VPC CIDR, where STS's interface endpoint is.
   * @default - no AWS credentials
   */
  readonly serviceAccountRoleArn?: string;
  /**
   * The Ingress routing the service (its host key), for a canary that shifts requests on the ALB.
   * @default - none: a canary is replica-weighted
   */
  readonly ingress?: RolloutIngress;
  /** Resources to create first, e.g. the namespace. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const isCidr = (value: string) => isLateBound(value) || (ipaddr.isValidCIDR(value) && ipaddr.parseCIDR(value)[0].kind() === 'ipv4');

/**
 * Every Kubernetes object one application service needs, from its ServiceSpec:
 * - Deployment (apps/v1): hardened pod (see podTemplateSpec), rolling update, probes, resources; with autoscaling
 *   Terraform ignores `replicas` after creation, so an apply never undoes the autoscaler;
 * - ClusterIP Service `<name>` (port `servicePort` to the container's `http` port, plus `metrics` when the spec has
 *   metrics) and a ServiceMonitor (monitoring.coreos.com/v1) scraping `metrics` at the spec's path;
 * - ServiceAccount `<name>`, annotated with the IRSA role when given, API token not mounted;
 * - for database and cache users, plain connection variables without credentials (IAM authentication, see
 *   dataTierEnvironment);
 * - ConfigMap `<name>-config` (its checksum on the pod template, so a change rolls the pods);
 * - ExternalSecret `<name>-secrets` (external-secrets.io/v1, through the ClusterSecretStore
 *   `aws-secrets-manager`), syncing each secret to the key named like its variable; Terraform sees names only;
 * - HorizontalPodAutoscaler (autoscaling/v2) with behaviour policies, VerticalPodAutoscaler (autoscaling.k8s.io/v1);
 * - PodDisruptionBudget (policy/v1), minAvailable one less than the fewest replicas;
 * - NetworkPolicy (see networkPolicySpec); PersistentVolumeClaim `<name>-data` when asked for.
 *
 * ExternalSecret, VerticalPodAutoscaler and ServiceMonitor are `kubernetes_manifest`s: their CRDs (cluster-addons
 * stack; kube-prometheus-stack for the ServiceMonitor) must exist before the first plan.
 */
export class ApplicationService extends Construct {
  readonly spec: ServiceSpec;
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly serviceAccount: ServiceAccountV1;
  readonly networkPolicy: NetworkPolicyV1;
  readonly configMap?: ConfigMapV1;
  readonly externalSecret?: Manifest;
  readonly volumeClaim?: PersistentVolumeClaimV1;
  readonly autoscaler?: HorizontalPodAutoscalerV2;
  readonly verticalAutoscaler?: Manifest;
  /** The ServiceMonitor Prometheus scrapes the metrics port through, when the spec has `metrics`. */
  readonly serviceMonitor?: Manifest;
  readonly disruptionBudget?: PodDisruptionBudgetV1;
  /** Port other services and Ingresses use. */
  readonly servicePort: number;
  /**
   * The Argo Rollout that owns the pods of a `canary` or `blueGreen` service (the Deployment keeps the template at
   * zero replicas); the autoscalers target it.
   */
  readonly rollout?: ServiceRollout;

  constructor(scope: Construct, id: string, props: ApplicationServiceProps) {
    super(scope, id);
    const spec = props.spec;
    this.spec = spec;
    this.validate(props);

    const namespace = props.namespace;
    const labels = serviceLabels(spec.name, props.partOf);
    const metadata = (name: string) => ({ name, namespace, labels });
    const dependsOn = props.dependsOn;
    this.servicePort = spec.servicePort ?? SERVICE_DEFAULTS.servicePort;
    const metricsPort = metricsContainerPort(spec);

    this.serviceAccount = new ServiceAccountV1(this, 'ServiceAccount', {
      metadata: { ...metadata(spec.name), annotations: props.serviceAccountRoleArn === undefined ? {} : { [IRSA_ROLE_ANNOTATION]: props.serviceAccountRoleArn } },
      automountServiceAccountToken: false,
      dependsOn,
    });

    if (spec.config !== undefined) {
      this.configMap = new ConfigMapV1(this, 'ConfigMap', { metadata: metadata(`${spec.name}-config`), data: { ...spec.config.data }, dependsOn });
    }

    const secrets = Object.entries(spec.secrets ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const secretName = `${spec.name}-secrets`;
    if (secrets.length > 0) {
      this.externalSecret = new Manifest(this, 'ExternalSecret', {
        manifest: {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: metadata(secretName),
          spec: {
            refreshInterval: '1h',
            secretStoreRef: { kind: 'ClusterSecretStore', name: SECRETS_MANAGER_CLUSTER_STORE },
            target: { name: secretName, creationPolicy: 'Owner' },
            data: secrets.map(([variable, reference]) => ({
              secretKey: variable,
              remoteRef: { key: `${props.secretNamePrefix}${reference.secretName}`, ...(reference.property === undefined ? {} : { property: reference.property }) },
            })),
          },
        },
        wait: props.waitForSecrets === false ? undefined : { condition: [{ type: 'Ready', status: 'True' }] },
        dependsOn,
      });
    }

    const volume = spec.persistentVolume;
    if (volume !== undefined) {
      this.volumeClaim = new PersistentVolumeClaimV1(this, 'VolumeClaim', {
        metadata: metadata(`${spec.name}-data`),
        spec: {
          accessModes: [volume.accessMode ?? SERVICE_DEFAULTS.accessMode],
          storageClassName: volume.storageClass ?? SERVICE_DEFAULTS.storageClass,
          resources: { requests: { storage: volume.size } },
        },
        // EBS classes bind when the first pod is scheduled (WaitForFirstConsumer): waiting here would deadlock.
        waitUntilBound: false,
        dependsOn,
      });
    }

    const template = podTemplateSpec(spec, {
      image: `${props.imageRegistry}/${spec.imageRepository}:${spec.imageTag ?? props.imageTag}`,
      serviceAccountName: this.serviceAccount.metadata.name,
      configMapName: this.configMap?.metadata.name,
      secretName: this.externalSecret === undefined ? undefined : secretName,
      volumeClaimName: this.volumeClaim?.metadata.name,
      platformEnv: {
        ...dataTierEnvironment(spec, props.dataTier),
        ...(props.otlpCollector?.endpoint === undefined ? {} : { [OTLP_ENDPOINT_ENV_VAR]: props.otlpCollector.endpoint }),
      },
    });
    const selector = { [NAME_LABEL]: spec.name };
    const autoscaling = spec.autoscaling;
    const progressive = deliveryOf(spec).strategy !== 'rolling';
    this.deployment = new DeploymentV1(this, 'Deployment', {
      metadata: metadata(spec.name),
      spec: {
        replicas: String(spec.replicas ?? SERVICE_DEFAULTS.replicas),
        selector: { matchLabels: selector },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: String(spec.maxSurge ?? SERVICE_DEFAULTS.maxSurge), maxUnavailable: String(spec.maxUnavailable ?? SERVICE_DEFAULTS.maxUnavailable) },
        },
        template: {
          metadata: {
            labels,
            annotations: spec.config === undefined ? {} : { 'checksum/config': createHash('sha256').update(JSON.stringify(spec.config.data)).digest('hex') },
          },
          spec: template,
        },
      },
      // The autoscaler, or Argo Rollouts (which scales a Deployment under a Rollout to zero), owns the count after creation.
      lifecycle: autoscaling === undefined && !progressive ? undefined : { ignoreChanges: ['spec[0].replicas'] },
      // Under a Rollout the release is Argo's: a canary takes its pauses, and Terraform must not wait through them.
      waitForRollout: progressive ? false : undefined,
      // Pods start only once their Secret and ConfigMap exist.
      dependsOn: [...(dependsOn ?? []), ...(this.externalSecret === undefined ? [] : [this.externalSecret]), ...(this.configMap === undefined ? [] : [this.configMap])],
    });

    const serviceAnnotations = targetGroupAnnotations(spec);
    this.service = new ServiceV1(this, 'Service', {
      metadata: { ...metadata(spec.name), annotations: serviceAnnotations },
      spec: {
        type: 'ClusterIP',
        selector,
        port: [
          { name: 'http', port: this.servicePort, targetPort: String(spec.containerPort), protocol: 'TCP' },
          ...(metricsPort === undefined ? [] : [{ name: 'metrics', port: metricsPort, targetPort: String(metricsPort), protocol: 'TCP' }]),
        ],
      },
      // Argo Rollouts adds the stable version's pod template hash to the selector.
      lifecycle: progressive ? { ignoreChanges: ARGO_MANAGED_SERVICE_FIELDS } : undefined,
      dependsOn,
    });

    if (progressive) {
      this.rollout = new ServiceRollout(this, 'Rollout', {
        spec,
        namespace,
        labels,
        deploymentName: spec.name,
        stableServiceName: spec.name,
        servicePort: this.servicePort,
        serviceAnnotations,
        metricsPort,
        ingress: props.ingress,
        prometheusUrl: props.prometheusUrl,
        autoscaled: autoscaling !== undefined,
        dependsOn: [this.deployment, this.service],
      });
    }
    // What owns the pods: the autoscalers scale it.
    const scaleTarget = progressive ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: spec.name } : { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name };

    if (spec.metrics !== undefined && props.serviceMonitors !== false) {
      this.serviceMonitor = new Manifest(this, 'ServiceMonitor', {
        manifest: {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: metadata(spec.name),
          spec: {
            selector: { matchLabels: selector },
            endpoints: [
              {
                port: 'metrics',
                path: spec.metrics.path ?? SERVICE_DEFAULTS.metricsPath,
                scheme: 'http',
                ...(spec.metrics.interval === undefined ? {} : { interval: spec.metrics.interval }),
                // Under a Rollout the new pods are scraped through `<name>-canary` / `<name>-preview` while a release
                // runs: their series keep the service's own name, and at rest (both Services select the same pods) the
                // identical targets are scraped once.
                ...(progressive ? { relabelings: ['service', 'job'].map((targetLabel) => ({ action: 'replace', targetLabel, replacement: spec.name })) } : {}),
              },
            ],
            // Each version's series carry its pod template hash, so the release analysis measures the new pods only.
            ...(progressive ? { podTargetLabels: [POD_TEMPLATE_HASH_LABEL] } : {}),
          },
        },
        dependsOn: [this.service],
      });
    }

    if (autoscaling !== undefined) {
      const metrics: HorizontalPodAutoscalerV2SpecMetric[] = [
        ...(autoscaling.cpuUtilization === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.cpuUtilization } } }]),
        ...(autoscaling.memoryUtilization === undefined
          ? []
          : [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: autoscaling.memoryUtilization } } }]),
        ...(autoscaling.requestsPerSecond === undefined
          ? []
          : [{ type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: String(autoscaling.requestsPerSecond) } } }]),
      ];
      const rules = (source: ScalingRules | undefined) =>
        source === undefined
          ? undefined
          : [
              {
                ...(source.stabilizationWindowSeconds === undefined ? {} : { stabilizationWindowSeconds: source.stabilizationWindowSeconds }),
                selectPolicy: source.selectPolicy ?? 'Max',
                policy: source.policies.map((policy) => ({ type: policy.type, value: policy.value, periodSeconds: policy.periodSeconds })),
              },
            ];
      this.autoscaler = new HorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: metadata(spec.name),
        dependsOn: this.rollout === undefined ? undefined : [this.rollout.rollout],
        spec: {
          scaleTargetRef: progressive ? scaleTarget : { ...scaleTarget, name: this.deployment.metadata.name },
          minReplicas: autoscaling.minReplicas,
          maxReplicas: autoscaling.maxReplicas,
          metric: metrics,
          behavior: { scaleUp: rules(autoscaling.scaleUp), scaleDown: rules(autoscaling.scaleDown) },
        },
      });
    }

    const vertical = spec.verticalScaling ?? SERVICE_DEFAULTS.verticalScaling;
    if (vertical.mode !== 'off') {
      const updateMode = { recommend: 'Off', initial: 'Initial', auto: 'Recreate' }[vertical.mode];
      this.verticalAutoscaler = new Manifest(this, 'VerticalAutoscaler', {
        manifest: {
          apiVersion: 'autoscaling.k8s.io/v1',
          kind: 'VerticalPodAutoscaler',
          metadata: metadata(spec.name),
          spec: {
            targetRef: scaleTarget,
            updatePolicy: { updateMode },
            resourcePolicy: {
              containerPolicies: [
                {
                  containerName: spec.name,
                  controlledResources: ['cpu', 'memory'],
                  ...(vertical.minAllowed === undefined ? {} : { minAllowed: { ...vertical.minAllowed } }),
                  ...(vertical.maxAllowed === undefined ? {} : { maxAllowed: { ...vertical.maxAllowed } }),
                },
              ],
            },
          },
        },
        dependsOn: [this.deployment, ...(this.rollout === undefined ? [] : [this.rollout.rollout])],
      });
    }

    const minAvailable = podDisruptionMinAvailable(spec);
    if (minAvailable !== undefined) {
      this.disruptionBudget = new PodDisruptionBudgetV1(this, 'DisruptionBudget', {
        metadata: metadata(spec.name),
        spec: { minAvailable: String(minAvailable), selector: { matchLabels: selector } },
        dependsOn,
      });
    }

    this.networkPolicy = new NetworkPolicyV1(this, 'NetworkPolicy', {
      metadata: metadata(spec.name),
      spec: networkPolicySpec(spec, {
        loadBalancerCidrs: props.loadBalancerCidrs ?? [],
        monitoringNamespace: props.monitoringNamespace ?? 'monitoring',
        prometheusPodLabels: props.prometheusPodLabels ?? PROMETHEUS_POD_LABELS,
        otlpCollector: props.otlpCollector === undefined ? undefined : { ...props.otlpCollector, ports: props.otlpCollector.ports ?? OTLP_PORTS },
        calleePorts: props.peerContainerPorts ?? {},
        databaseCidrs: props.databaseCidrs ?? [],
        cacheCidrs: props.cacheCidrs ?? [],
        vpcCidr: props.vpcCidr,
        hasServiceAccountRole: props.serviceAccountRoleArn !== undefined,
      }),
      dependsOn,
    });
  }

  private validate(props: ApplicationServiceProps): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const spec = props.spec;
    require(isLateBound(props.namespace) || DNS_LABEL.test(props.namespace), 'namespace', `'${props.namespace}' is not a namespace name`, 'use lower-case letters, digits and hyphens');
    require(isLateBound(props.imageRegistry) || ECR_REGISTRY.test(props.imageRegistry), 'imageRegistry', `'${props.imageRegistry}' is not an ECR registry host`, 'use <account>.dkr.ecr.<region>.amazonaws.com');
    require(/^([a-z0-9][a-z0-9-]*\/)+$/.test(props.secretNamePrefix), 'secretNamePrefix', `'${props.secretNamePrefix}' is not a secret name prefix`, 'use <project>/<environment>/, e.g. platform/production/');
    const role = props.serviceAccountRoleArn;
    require(role === undefined || isLateBound(role) || IAM_ROLE_ARN.test(role), 'serviceAccountRoleArn', `'${role}' is not an IAM role ARN`, 'pass the ARN of the role created for the service account');
    require(
      role === undefined || needsServiceAccountRole(spec),
      'serviceAccountRoleArn',
      `is given but services.${spec.name} declares no iamStatements and uses neither the database nor the cache`,
      'declare the statements the role grants, or leave the role out',
    );
    for (const [field, cidrs] of [
      ['databaseCidrs', props.databaseCidrs ?? []],
      ['cacheCidrs', props.cacheCidrs ?? []],
      ['vpcCidr', props.vpcCidr === undefined ? [] : [props.vpcCidr]],
    ] as const) {
      for (const cidr of cidrs) require(isCidr(cidr), field, `'${cidr}' is not an IPv4 CIDR`, 'use e.g. 10.0.0.0/16');
    }
    for (const [store, connection] of [
      ['database', props.dataTier?.database],
      ['cache', props.dataTier?.cache],
    ] as const) {
      require(
        !spec.network?.[store] || connection !== undefined,
        `dataTier.${store}`,
        `is needed by services.${spec.name}, which sets network.${store}`,
        `pass the data stack's ${store === 'database' ? 'PostgreSQL' : 'Redis'} endpoint and application user`,
      );
    }
    require(
      props.vpcCidr !== undefined || !(spec.network?.internetHttps || usesAwsApis(spec) || role !== undefined),
      'vpcCidr',
      `is needed by services.${spec.name}, which calls ${spec.network?.internetHttps ? 'the internet' : 'AWS APIs'} over HTTPS`,
      'pass the VPC CIDR',
    );

    const peers = props.peerContainerPorts ?? {};
    const problems = validateServiceSpecs([spec], {
      production: props.production ?? true,
      knownSecrets: props.knownSecrets,
      imageTag: props.imageTag,
      otherServices: Object.keys(peers),
      databaseReachable: (props.databaseCidrs ?? []).length > 0,
      cacheReachable: (props.cacheCidrs ?? []).length > 0,
      customMetricsApi: props.customMetricsApi,
    });
    if (problems.length > 0) throw new ServiceSpecError(this.node.path, problems);
  }
}

/**
 * The ALB target group's health check of a routed service, on the Service (the controller reads target group
 * settings from the Service before the Ingress, so each service of a shared host keeps its own): the readiness path
 * (else liveness, else `/`) on the traffic port, 200–399 healthy.
 */
function targetGroupAnnotations(spec: ServiceSpec): Record<string, string> | undefined {
  if ((spec.routes ?? []).length === 0) return undefined;
  const probe = [spec.probes?.readiness, spec.probes?.liveness].find((candidate) => candidate !== undefined && (candidate.port ?? spec.containerPort) === spec.containerPort);
  return { [`${ALB_ANNOTATION_PREFIX}/healthcheck-path`]: probe?.path ?? '/', [`${ALB_ANNOTATION_PREFIX}/success-codes`]: '200-399' };
}
