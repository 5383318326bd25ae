/**
 * The typed description of an application service: written once, it becomes every Kubernetes object the service
 * needs (see ApplicationService and Workloads). Defaults are the production choice; validateServiceSpecs checks a
 * set of specs as a whole.
 */

/** CPU and memory quantities, e.g. `{ cpu: '250m', memory: '512Mi' }`. */
export interface ResourceQuantities {
  /** CPU, e.g. `250m` or `1`. @default - none */
  readonly cpu?: string;
  /** Memory, e.g. `512Mi` or `1Gi`. @default - none */
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ServiceResources {
  /**
   * What the scheduler reserves; CPU and memory utilization targets of the autoscaler are percentages of these.
   * @default - the namespace LimitRange default (PlatformNamespaces: 100m / 128Mi)
   */
  readonly requests?: ResourceQuantities;
  /**
   * The most the container may use: over the memory limit it is killed, over the CPU limit it is throttled.
   * @default - the namespace LimitRange default (PlatformNamespaces: 500m / 512Mi)
   */
  readonly limits?: ResourceQuantities;
}

/** An HTTP GET probe. */
export interface HttpProbe {
  /** Path, e.g. `/health`. */
  readonly path: string;
  /** Container port probed. @default - the service's containerPort */
  readonly port?: number;
  /** Seconds after the container starts before the first probe. @default 0 */
  readonly initialDelaySeconds?: number;
  /** Seconds between probes. @default 10 */
  readonly periodSeconds?: number;
  /** Seconds a probe may take. @default 1 */
  readonly timeoutSeconds?: number;
  /** Failed probes in a row before the probe counts as failed. @default 3 */
  readonly failureThreshold?: number;
}

/** The container's health checks. */
export interface ServiceProbes {
  /** Restarts the container when it fails. @default - none */
  readonly liveness?: HttpProbe;
  /**
   * Takes the pod out of the Service's endpoints while it fails; required in production, or a rollout sends
   * traffic to pods that cannot serve yet.
   * @default - none
   */
  readonly readiness?: HttpProbe;
  /** Holds back liveness and readiness probes until it succeeds, for slow starts. @default - none */
  readonly startup?: HttpProbe;
}

/** A Secrets Manager secret exposed as an environment variable. */
export interface SecretReference {
  /** Application secret name under `<project>/<environment>/`, e.g. `novel-engine/jwt-secret-key`. */
  readonly secretName: string;
  /** Property of a JSON secret. @default - the whole secret value */
  readonly property?: string;
}

/** Pod and container security settings that may differ from the defaults. */
export interface ServiceSecurity {
  /** User id the container runs as. @default - the image's numeric USER; the kubelet refuses to start it as root */
  readonly runAsUser?: number;
  /** Group id of the container's processes. @default - runAsUser */
  readonly runAsGroup?: number;
  /** Group owning mounted volumes. @default - runAsGroup */
  readonly fsGroup?: number;
  /**
   * Whether the root filesystem is read-only; list the directories the process writes in `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** A writable scratch directory (emptyDir), e.g. `/tmp`, lost when the pod goes. */
export interface WritablePath {
  /** Absolute mount path. */
  readonly mountPath: string;
  /** Most the directory may hold before the pod is evicted. @default '1Gi' */
  readonly sizeLimit?: string;
}

/** A PersistentVolumeClaim mounted into the service's pods. */
export interface PersistentVolumeSpec {
  /** Absolute mount path, e.g. `/app/data`. */
  readonly mountPath: string;
  /** Requested size, e.g. `20Gi`. */
  readonly size: string;
  /** StorageClass. @default 'gp3' */
  readonly storageClass?: string;
  /**
   * Access mode. An EBS volume (`ReadWriteOnce`) attaches to one node in one zone, so it only suits a single
   * replica without autoscaling; several replicas need a `ReadWriteMany` class (EFS) or object storage.
   * @default 'ReadWriteOnce'
   */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
}

/** One scaling policy of an autoscaler behaviour. */
export interface ScalingPolicy {
  /** `Percent` of the current replicas or a number of `Pods`. */
  readonly type: 'Percent' | 'Pods';
  /** Percentage or number of pods. */
  readonly value: number;
  /** Window the change is allowed in, in seconds (1–1800). */
  readonly periodSeconds: number;
}

/** How fast the autoscaler may scale in one direction. */
export interface ScalingRules {
  /** Seconds of past recommendations considered, so it does not flap. */
  readonly stabilizationWindowSeconds?: number;
  /** The allowed changes; with several, `selectPolicy` picks the one that applies. */
  readonly policies: readonly ScalingPolicy[];
  /**
   * With several policies: `Max` applies the one allowing the largest change, `Min` the smallest (each policy then
   * acts as a cap).
   * @default 'Max'
   */
  readonly selectPolicy?: 'Max' | 'Min';
}

/** Horizontal pod autoscaling (autoscaling/v2). */
export interface ServiceAutoscaling {
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Target average CPU utilization, percent of the CPU request. @default - CPU not used */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, percent of the memory request. @default - memory not used */
  readonly memoryUtilization?: number;
  /**
   * Target average of the pods metric `requests_per_second` per pod (seed 002: 100). Needs an adapter serving the
   * custom metrics API (e.g. prometheus-adapter); see WorkloadsProps.customMetricsApi.
   * @default - not used
   */
  readonly requestsPerSecond?: number;
  /** Scale-up rules. @default - Kubernetes' default (no stabilization, double or +4 pods per 15 s) */
  readonly scaleUp?: ScalingRules;
  /** Scale-down rules. @default - Kubernetes' default (300 s stabilization, down to the target at once) */
  readonly scaleDown?: ScalingRules;
}

/** Vertical pod autoscaler settings. */
export interface ServiceVerticalScaling {
  /**
   * `off`: no VerticalPodAutoscaler; `recommend`: recommendations only (updateMode `Off`); `initial`: requests set
   * when pods are created (`Initial`); `auto`: pods evicted and recreated with new requests (`Recreate`, what the
   * deprecated `Auto` means). `initial` and `auto` fight a HorizontalPodAutoscaler on CPU or memory.
   */
  readonly mode: 'off' | 'recommend' | 'initial' | 'auto';
  /** Smallest requests VPA recommends. @default - no floor */
  readonly minAllowed?: ResourceQuantities;
  /** Largest requests VPA recommends. @default - no ceiling */
  readonly maxAllowed?: ResourceQuantities;
}

/** A node taint the pods tolerate. */
export interface ServiceToleration {
  readonly key: string;
  /** @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** @default - none (with `Exists`) */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Which nodes the pods may run on. */
export interface ServicePlacement {
  /** Node labels the pods require. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. @default [] */
  readonly tolerations?: readonly ServiceToleration[];
}

/**
 * The spot `compute-intensive` node group of libs/cluster DEFAULT_NODE_GROUPS (labels `role: compute-intensive`,
 * taint `workload=ai-processing:NoSchedule`); repeated here because workloads may not depend on the cluster library.
 */
export const COMPUTE_INTENSIVE_PLACEMENT: ServicePlacement = {
  nodeSelector: { role: 'compute-intensive' },
  tolerations: [{ key: 'workload', operator: 'Equal', value: 'ai-processing', effect: 'NoSchedule' }],
};

/**
 * The `kgas-workers` node group of seed 004 (environments/common `kgasWorkers`: labels `role: kgas`, taint
 * `workload=kgas:NoSchedule`): the KGAS API runs on nodes of its own and nothing else lands there. Repeated in the
 * environment config because workloads may not depend on it; the capacity contract fails when the two drift apart
 * (a pod with no node group it may run on).
 */
export const KGAS_WORKERS_PLACEMENT: ServicePlacement = {
  nodeSelector: { role: 'kgas' },
  tolerations: [{ key: 'workload', operator: 'Equal', value: 'kgas', effect: 'NoSchedule' }],
};

/** Who may connect to the service and where it may connect. DNS is always allowed. */
export interface ServiceNetwork {
  /** Services (by name, same namespace) that may call this one. @default [] */
  readonly callers?: readonly string[];
  /** Services (by name, same namespace) this one calls. @default [] */
  readonly calls?: readonly string[];
  /** Whether it connects to the PostgreSQL database (5432 to the database CIDRs). @default false */
  readonly database?: boolean;
  /** Whether it connects to the Redis cache (6379 to the cache CIDRs). @default false */
  readonly cache?: boolean;
  /** Whether it calls HTTPS (443) endpoints on the internet, outside the VPC. @default false */
  readonly internetHttps?: boolean;
  /**
   * Whether it calls AWS APIs through the VPC's interface endpoints (443 to the VPC CIDR): STS for IRSA, Secrets
   * Manager, ECR, CloudWatch Logs, SSM. S3 and DynamoDB go through gateway endpoints on public addresses, which
   * need `internetHttps`. A service with an IRSA role (see needsServiceAccountRole) always has it: its credentials
   * come from STS through the interface endpoint, so `false` is refused there.
   * @default - true when the service has an IRSA role, else false
   */
  readonly awsApis?: boolean;
}

/** The service's Prometheus metrics endpoint. */
export interface ServiceMetrics {
  /** Container port serving the metrics. @default - containerPort: the application serves them itself */
  readonly port?: number;
  /** HTTP path. @default '/metrics' */
  readonly path?: string;
  /** Scrape interval, e.g. `30s`. @default - Prometheus' own (15 s) */
  readonly interval?: string;
  /**
   * Names of the metrics the service exports that alert rules and dashboards rely on (the observability coverage
   * contract counts them as produced once the service is scraped).
   * @default HTTP_SERVER_METRICS - `http_requests_total`, `http_request_duration_seconds` (seed 000's rules)
   */
  readonly names?: readonly string[];
}

/** The request counter and latency histogram of an instrumented HTTP server (seed 000's rules and dashboards). */
export const HTTP_SERVER_METRICS = ['http_requests_total', 'http_request_duration_seconds'] as const;

/** One IAM policy statement of the service's IRSA role. */
export interface IamStatement {
  /** Statement id. @default - none */
  readonly sid?: string;
  /** Actions, e.g. `s3:GetObject`. */
  readonly actions: readonly string[];
  /** Resource ARNs. */
  readonly resources: readonly string[];
}

/** An ingress route: a host (by its key in WorkloadsProps.hosts) and path prefixes. */
export interface ServiceRoute {
  /** Key of the host in WorkloadsProps.hosts, e.g. `api` (the per-environment name lives there). */
  readonly host: string;
  /** Path prefixes. @default ['/'] */
  readonly paths?: readonly string[];
}

/** Configuration files or variables in a ConfigMap. */
export interface ServiceConfig {
  /** Entries of the ConfigMap `<name>-config`, e.g. `{ 'config.yaml': '...' }`. */
  readonly data: Readonly<Record<string, string>>;
  /** Where the entries are mounted as files (read-only). @default - entries become environment variables (envFrom) */
  readonly mountPath?: string;
}

/**
 * How a new version replaces the running one: `rolling` (the Deployment's rolling update), `canary` (an Argo Rollout
 * shifting traffic in steps while Prometheus analysis watches the new pods) or `blueGreen` (an Argo Rollout starting
 * the new version beside the old, switching the Service at once, and switching back on a failed analysis).
 */
export type DeliveryStrategy = 'rolling' | 'canary' | 'blueGreen';

/** One step of a canary: the share of requests (or of pods, without an Ingress) the new version gets, then a pause. */
export interface CanaryStep {
  /** Percent of the traffic, 1–99 (100 % is the promotion after the last step). */
  readonly weight: number;
  /** How long to hold while the analysis watches, a Go duration such as `10m`. */
  readonly pause: string;
}

/**
 * What the release analysis measures on the new version's pods (the request counter and latency histogram the service
 * exports), and the limits past which the release is aborted and rolled back.
 */
export interface DeliveryAnalysis {
  /** Largest share of 5xx answers. @default 0.005 - seed 001's error-rate alert (PLATFORM_THRESHOLD_DEFAULTS.errorRatio) */
  readonly maxErrorRatio?: number;
  /** Largest 95th-percentile latency, seconds. @default 1 - seed 001's P95 alert (PLATFORM_THRESHOLD_DEFAULTS.latencyP95Seconds) */
  readonly maxLatencyP95Seconds?: number;
  /** Request counter with a status label (see statusLabel). @default 'http_requests_total' */
  readonly requestsMetric?: string;
  /**
   * Label of the request counter holding the HTTP status; `false` for a counter without one (seed 004's
   * `kgas_requests_total` has only method and endpoint), whose release is then judged by latency alone.
   * @default 'status'
   */
  readonly statusLabel?: string | false;
  /** Latency histogram, without `_bucket`. @default 'http_request_duration_seconds' */
  readonly latencyMetric?: string;
  /** Failed measurements tolerated before the release is aborted (one a minute). @default 1 */
  readonly failureLimit?: number;
}

/** The release strategy of one service. */
export interface ServiceDelivery {
  readonly strategy: DeliveryStrategy;
  /** Canary steps. @default SEED_003_CANARY_STEPS - 10 % for 10 min, 50 % for 5 min, then 100 % */
  readonly steps?: readonly CanaryStep[];
  /**
   * Prometheus analysis of the new pods; `false` for a service that exports no request metrics (the Rollout then
   * only pauses, and aborts when the new pods do not become ready in time).
   * @default {} - seed 001's thresholds on HTTP_SERVER_METRICS
   */
  readonly analysis?: DeliveryAnalysis | false;
}

/** Seed 003's canary: 10 % of the traffic watched for 10 minutes, 50 % for 5, then all of it. */
export const SEED_003_CANARY_STEPS: readonly CanaryStep[] = [
  { weight: 10, pause: '10m' },
  { weight: 50, pause: '5m' },
];

/** The release strategy of a spec: its own, else a rolling update. */
export function deliveryOf(spec: Pick<ServiceSpec, 'delivery'>): ServiceDelivery {
  return spec.delivery ?? { strategy: 'rolling' };
}

/**
 * Extra pods one release starts: the rolling update's surge; a blue/green release runs the whole new version beside
 * the old one; a canary scales the stable version down as it scales the new one up (ServiceRollout), rounding up by
 * at most one pod.
 */
export function releaseSurgePods(spec: ServiceSpec, replicas: number): number {
  const strategy = deliveryOf(spec).strategy;
  if (strategy === 'blueGreen') return replicas;
  const setting = spec.maxSurge ?? SERVICE_DEFAULTS.maxSurge;
  const surge = typeof setting === 'number' ? setting : Math.ceil((replicas * parseFloat(setting)) / 100);
  return strategy === 'canary' ? Math.max(surge, 1) : surge;
}

/** An application service: one container image behind a ClusterIP Service. */
export interface ServiceSpec {
  /** Name of the Deployment, Service and every other object (a DNS-1035 label), e.g. `novel-engine-backend`. */
  readonly name: string;
  /** ECR repository of the image, e.g. `novel-engine/backend`; the registry and tag come from the environment. */
  readonly imageRepository: string;
  /** Image tag for this service only. @default - the environment's image tag */
  readonly imageTag?: string;
  /** Container command. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Container arguments. @default - the image's CMD */
  readonly args?: readonly string[];
  /** Port the container listens on. */
  readonly containerPort: number;
  /** Port of the ClusterIP Service. @default 80 */
  readonly servicePort?: number;
  /**
   * Prometheus metrics: a Service port `metrics`, a ServiceMonitor and a NetworkPolicy rule letting Prometheus in.
   * @default - no metrics endpoint; nothing scrapes the service
   */
  readonly metrics?: ServiceMetrics;
  /** Replicas; with autoscaling, the count at the first apply (the autoscaler owns it afterwards). @default 2 */
  readonly replicas?: number;
  /** Extra pods during a rollout (number or percentage). @default 1 */
  readonly maxSurge?: number | string;
  /** Pods that may be unavailable during a rollout (number or percentage). @default 0 */
  readonly maxUnavailable?: number | string;
  /** Requests and limits. @default - the namespace's LimitRange defaults */
  readonly resources?: ServiceResources;
  /** Health checks. @default - none (refused in production without readiness) */
  readonly probes?: ServiceProbes;
  /** Plain environment variables (no secrets). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Environment variables from Secrets Manager, by variable name. `DATABASE_URL` here (with `network.database`)
   * replaces the platform's password-less URL: the secret holds the whole connection string with its credentials,
   * and the service gets no IAM authentication to the database (see usesDatabaseIamAuthentication).
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, SecretReference>>;
  /** A ConfigMap. @default - none */
  readonly config?: ServiceConfig;
  /** Security settings. @default - non-root, read-only root filesystem (see ServiceSecurity) */
  readonly security?: ServiceSecurity;
  /** Writable scratch directories. @default [] */
  readonly writablePaths?: readonly WritablePath[];
  /** A persistent volume. @default - none */
  readonly persistentVolume?: PersistentVolumeSpec;
  /** Horizontal autoscaling. @default - fixed replicas */
  readonly autoscaling?: ServiceAutoscaling;
  /** Vertical autoscaling. @default { mode: 'recommend' } - recommendations to size requests, nothing changed */
  readonly verticalScaling?: ServiceVerticalScaling;
  /**
   * Pods that must stay up during voluntary disruptions (node drains).
   * @default - one less than the fewest replicas (autoscaling minReplicas, else replicas); no budget for 1 replica
   */
  readonly minAvailable?: number;
  /** Node selection. @default - any untainted node */
  readonly placement?: ServicePlacement;
  /** Network access. @default - nothing may connect, and it may only resolve DNS */
  readonly network?: ServiceNetwork;
  /**
   * IAM statements of the IRSA role the platform creates for the service account.
   * @default - no statements; the service still gets a role when it uses the database or the cache
   */
  readonly iamStatements?: readonly IamStatement[];
  /** Ingress routes. @default - not exposed */
  readonly routes?: readonly ServiceRoute[];
  /**
   * How releases roll out. `canary` and `blueGreen` need the Argo Rollouts add-on (cluster-addons) and, with analysis,
   * `metrics` and the environment's Prometheus.
   * @default { strategy: 'rolling' }
   */
  readonly delivery?: ServiceDelivery;
}

const RECOMMEND_ONLY: ServiceVerticalScaling = { mode: 'recommend' };

/** Defaults of optional ServiceSpec fields, shared by validation and the constructs. */
export const SERVICE_DEFAULTS = {
  servicePort: 80,
  replicas: 2,
  maxSurge: 1,
  maxUnavailable: 0,
  writablePathSizeLimit: '1Gi',
  storageClass: 'gp3',
  accessMode: 'ReadWriteOnce',
  verticalScaling: RECOMMEND_ONLY,
  routePaths: ['/'],
  metricsPath: '/metrics',
} as const;

/** The container port serving the service's metrics, or undefined without metrics. */
export function metricsContainerPort(spec: ServiceSpec): number | undefined {
  return spec.metrics === undefined ? undefined : (spec.metrics.port ?? spec.containerPort);
}

/** The metric names the service declares it exports: `metrics.names`, else HTTP_SERVER_METRICS; none without metrics. */
export function declaredMetricNames(spec: ServiceSpec): readonly string[] {
  return spec.metrics === undefined ? [] : (spec.metrics.names ?? HTTP_SERVER_METRICS);
}

/** The fewest replicas the service runs at: the autoscaler's minimum, else the fixed count. */
export function minimumReplicas(spec: ServiceSpec): number {
  return spec.autoscaling?.minReplicas ?? spec.replicas ?? SERVICE_DEFAULTS.replicas;
}

/**
 * Pods a disruption budget keeps: the explicit value, else one less than the fewest replicas (at least 1), or
 * undefined when the service may run a single replica — a budget of 1 out of 1 would block every node drain.
 */
export function podDisruptionMinAvailable(spec: ServiceSpec): number | undefined {
  if (spec.minAvailable !== undefined) return spec.minAvailable;
  const fewest = minimumReplicas(spec);
  return fewest <= 1 ? undefined : fewest - 1;
}

/**
 * Whether the service reads DATABASE_URL from a secret of its own (`secrets.DATABASE_URL` with `network.database`):
 * a connection string with credentials, in place of the platform's password-less one.
 */
export function databaseUrlFromSecret(spec: Pick<ServiceSpec, 'network' | 'secrets'>): boolean {
  return spec.network?.database === true && spec.secrets?.DATABASE_URL !== undefined;
}

/**
 * Whether the service logs in to PostgreSQL with IAM authentication (a token signed with its IRSA role): it uses the
 * database and takes the platform's DATABASE_URL rather than one from a secret.
 */
export function usesDatabaseIamAuthentication(spec: Pick<ServiceSpec, 'network' | 'secrets'>): boolean {
  return spec.network?.database === true && !databaseUrlFromSecret(spec);
}

/**
 * Whether the service authenticates to PostgreSQL or Redis with IAM (a token signed with its role): it uses the cache,
 * or the database without a DATABASE_URL secret of its own.
 */
export function usesDataTier(spec: Pick<ServiceSpec, 'network' | 'secrets'>): boolean {
  return usesDatabaseIamAuthentication(spec) || spec.network?.cache === true;
}

/**
 * Whether the platform creates an IRSA role for the service account: for its iamStatements, or to connect to the
 * database or cache with IAM authentication (the data stack grants `rds-db:connect` / `elasticache:Connect`).
 */
export function needsServiceAccountRole(spec: ServiceSpec): boolean {
  return (spec.iamStatements ?? []).length > 0 || usesDataTier(spec);
}

/** Whether the service needs AWS APIs through the VPC's interface endpoints: always with an IRSA role (STS). */
export function usesAwsApis(spec: ServiceSpec): boolean {
  return needsServiceAccountRole(spec) || spec.network?.awsApis === true;
}
