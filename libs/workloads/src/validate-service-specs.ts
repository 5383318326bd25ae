import { parseQuantity, PlatformError } from '@platform/core';
import {
  DATA_KEY,
  DNS_1035_LABEL,
  duplicates,
  ECR_REPOSITORY,
  ENV_VAR_NAME,
  IMAGE_TAG,
  isLateBound,
  SECRET_NAME,
} from './private/names';
import { deliveryProblems } from './validate-delivery';
import { CACHE_ENV_VARS, DATABASE_ENV_VARS, REGION_ENV_VAR } from './data-tier-connection';
import { HttpProbe, metricsContainerPort, minimumReplicas, needsServiceAccountRole, ResourceQuantities, ScalingRules, SERVICE_DEFAULTS, ServiceSpec, usesDatabaseIamAuthentication, usesDataTier } from './workload-spec';

/** What a set of service specs is checked against. */
export interface ServiceSpecValidationOptions {
  /** Whether the environment serves real users (staging and production): `latest` tags and missing readiness probes are refused. */
  readonly production: boolean;
  /** Application secret names that exist under `<project>/<environment>/` (the data stack's secrets). */
  readonly knownSecrets: readonly string[];
  /** The environment's image tag, for services without their own. @default - every service must set imageTag */
  readonly imageTag?: string;
  /** ECR repositories that exist. @default - not checked */
  readonly imageRepositories?: readonly string[];
  /** Host keys routes may use (WorkloadsProps.hosts). @default - not checked */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Services outside `specs` that callers and calls may name. @default [] */
  readonly otherServices?: readonly string[];
  /** Whether the database CIDRs are known, so `network.database` can be allowed. @default false */
  readonly databaseReachable?: boolean;
  /** Whether the cache CIDRs are known, so `network.cache` can be allowed. @default false */
  readonly cacheReachable?: boolean;
  /** Whether the cluster serves the custom metrics API (e.g. prometheus-adapter). @default false */
  readonly customMetricsApi?: boolean;
}

/** One problem of a spec: `services.<name>.<field>: <problem>. Fix: <fix>`. */
export interface ServiceSpecProblem {
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** Service specs that cannot be deployed; the message lists every problem, one per line. */
export class ServiceSpecError extends PlatformError {
  constructor(
    readonly constructPath: string,
    readonly problems: readonly ServiceSpecProblem[],
  ) {
    super(`${constructPath}: ${problems.length} problem(s) in the service specs:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  }
}

export function formatProblem({ field, problem, fix }: ServiceSpecProblem): string {
  return `${field}: ${problem}. Fix: ${fix}`;
}

const isPort = (port: number | undefined) => port === undefined || (Number.isInteger(port) && port >= 1 && port <= 65535);
const isCount = (value: number | undefined, min: number) => value === undefined || (Number.isInteger(value) && value >= min);
const isAbsolutePath = (path: string) => /^\/[^\s]*$/.test(path);
const RESOURCES = ['cpu', 'memory'] as const;

/**
 * Every problem of `specs`, each naming `services.<name>.<field>`, the problem and the fix; empty when they can be
 * deployed. Checks each spec alone (names, ports, quantities, probes, autoscaling, volumes, secrets) and the set
 * (duplicate names, unknown callers, two services on one host and path).
 */
export function validateServiceSpecs(specs: readonly ServiceSpec[], options: ServiceSpecValidationOptions): ServiceSpecProblem[] {
  const problems: ServiceSpecProblem[] = [];
  const names = specs.map((spec) => spec.name);
  for (const name of duplicates(names)) {
    problems.push({ field: `services.${name}`, problem: 'is defined more than once', fix: 'give every service a unique name' });
  }
  const known = new Set([...names, ...(options.otherServices ?? [])]);
  for (const spec of specs) problems.push(...validateSpec(spec, options, known), ...deliveryProblems(spec));

  const routeOwners = new Map<string, string>();
  for (const spec of specs) {
    for (const route of spec.routes ?? []) {
      for (const path of route.paths ?? SERVICE_DEFAULTS.routePaths) {
        const key = `${route.host} ${path}`;
        const owner = routeOwners.get(key);
        if (owner !== undefined && owner !== spec.name) {
          problems.push({ field: `services.${spec.name}.routes`, problem: `host '${route.host}' path '${path}' is already routed to '${owner}'`, fix: 'route each host and path to one service' });
        }
        routeOwners.set(key, spec.name);
      }
    }
  }
  return problems;
}

function validateSpec(spec: ServiceSpec, options: ServiceSpecValidationOptions, knownServices: ReadonlySet<string>): ServiceSpecProblem[] {
  const problems: ServiceSpecProblem[] = [];
  const at = `services.${spec.name}`;
  const check = (condition: boolean, field: string, problem: string, fix: string) => {
    if (!condition) problems.push({ field: `${at}.${field}`, problem, fix });
  };

  check(DNS_1035_LABEL.test(spec.name), 'name', `'${spec.name}' is not a DNS-1035 label`, 'use at most 63 lower-case letters, digits and hyphens, starting with a letter');
  check(ECR_REPOSITORY.test(spec.imageRepository), 'imageRepository', `'${spec.imageRepository}' is not an ECR repository name`, 'use e.g. novel-engine/backend');
  if (options.imageRepositories !== undefined) {
    check(options.imageRepositories.includes(spec.imageRepository), 'imageRepository', `'${spec.imageRepository}' is not one of the ECR repositories (${options.imageRepositories.join(', ')})`, 'add it to cluster.ecrRepositories');
  }
  validateImageTag(spec, options, check);

  const servicePort = spec.servicePort ?? SERVICE_DEFAULTS.servicePort;
  for (const [field, port] of [
    ['containerPort', spec.containerPort],
    ['servicePort', servicePort],
    ['metrics.port', spec.metrics?.port],
  ] as const) {
    check(isPort(port), field, `${port} is not a port`, 'use a whole number from 1 to 65535');
  }
  validateMetrics(spec, servicePort, check);

  const replicas = spec.replicas ?? SERVICE_DEFAULTS.replicas;
  check(isCount(replicas, 1), 'replicas', `${replicas} is not a replica count`, 'run at least 1 replica');
  for (const [field, value] of [
    ['maxSurge', spec.maxSurge],
    ['maxUnavailable', spec.maxUnavailable],
  ] as const) {
    if (typeof value === 'string') check(/^\d{1,3}%$/.test(value), field, `'${value}' is not a percentage`, "write e.g. '25%'");
    else check(isCount(value, 0), field, `${value} is not a pod count`, "use a whole number or a percentage such as '25%'");
  }
  check((spec.maxSurge ?? SERVICE_DEFAULTS.maxSurge) !== 0 || (spec.maxUnavailable ?? SERVICE_DEFAULTS.maxUnavailable) !== 0, 'maxUnavailable', 'and maxSurge are both 0, so a rollout can never start', 'allow a surge pod (maxSurge 1)');
  if (spec.minAvailable !== undefined) {
    const fewest = minimumReplicas(spec);
    check(isCount(spec.minAvailable, 1), 'minAvailable', `${spec.minAvailable} is not a pod count`, 'keep at least 1 pod, or leave minAvailable out');
    check(spec.minAvailable < fewest, 'minAvailable', `${spec.minAvailable} pods of at least ${fewest} leaves no pod to evict, so node drains and upgrades block`, `use at most ${fewest - 1}, or run more replicas`);
  }

  validateResources(spec, check);
  validateProbes(spec, options, check);
  validateAutoscaling(spec, options, check);
  validateEnvironment(spec, options, check);
  validateVolumes(spec, check);

  for (const key of ['runAsUser', 'runAsGroup'] as const) {
    const id = spec.security?.[key];
    check(id === undefined || (Number.isInteger(id) && id > 0), `security.${key}`, `${id} is root or not an id`, 'run as a non-root numeric id such as 1001');
  }
  for (const toleration of spec.placement?.tolerations ?? []) {
    check(toleration.operator !== 'Exists' || toleration.value === undefined, 'placement.tolerations', `toleration '${toleration.key}' with operator Exists has a value`, 'leave the value out, or use operator Equal');
  }

  for (const [field, targets] of [
    ['network.callers', spec.network?.callers ?? []],
    ['network.calls', spec.network?.calls ?? []],
  ] as const) {
    for (const target of targets) {
      check(target !== spec.name, field, 'names the service itself', 'list other services only');
      check(knownServices.has(target), field, `'${target}' is not a service of this environment`, `name one of ${[...knownServices].join(', ')}`);
    }
  }
  check(!spec.network?.database || options.databaseReachable === true, 'network.database', 'needs the database CIDRs, which were not given', 'pass databaseCidrs, or set network.database to false');
  check(!spec.network?.cache || options.cacheReachable === true, 'network.cache', 'needs the cache CIDRs, which were not given', 'pass cacheCidrs, or set network.cache to false');
  check(
    spec.network?.awsApis !== false || !needsServiceAccountRole(spec),
    'network.awsApis',
    "is false, but the service has an IRSA role, whose credentials come from STS through the VPC's interface endpoint",
    'leave awsApis out',
  );

  (spec.iamStatements ?? []).forEach((statement, index) => {
    const field = `iamStatements.${statement.sid ?? index}`;
    check(statement.actions.length > 0 && statement.actions.every((action) => /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action)), field, 'needs actions such as s3:GetObject', 'list service-prefixed actions');
    check(statement.resources.length > 0, field, 'has no resources', "list the ARNs the actions apply to (use '*' only where the action has no resource)");
  });

  for (const route of spec.routes ?? []) {
    if (options.hosts !== undefined) {
      check(route.host in options.hosts, 'routes', `host '${route.host}' is not one of the environment's hosts (${Object.keys(options.hosts).join(', ')})`, 'add the host to hosts, or route to a listed one');
    }
    for (const path of route.paths ?? SERVICE_DEFAULTS.routePaths) {
      check(isAbsolutePath(path), 'routes', `path '${path}' does not start with /`, 'write path prefixes such as /api/v1/auth');
    }
  }
  return problems;
}

type Check = (condition: boolean, field: string, problem: string, fix: string) => void;

function validateImageTag(spec: ServiceSpec, options: ServiceSpecValidationOptions, check: Check): void {
  const tag = spec.imageTag ?? options.imageTag;
  const field = spec.imageTag === undefined ? 'imageTag (from the environment)' : 'imageTag';
  if (tag === undefined || tag === '') {
    check(false, field, 'is empty', 'deploy an immutable tag such as the git commit SHA from CI');
    return;
  }
  if (isLateBound(tag)) return;
  check(IMAGE_TAG.test(tag), field, `'${tag}' is not an image tag`, 'use letters, digits, _ . and -');
  check(!options.production || tag !== 'latest', field, "is 'latest', which changes under a running Deployment and cannot be rolled back", 'deploy an immutable tag such as the git commit SHA from CI');
}

function validateResources(spec: ServiceSpec, check: Check): void {
  const parsed = (quantities: ResourceQuantities | undefined, kind: string) =>
    Object.fromEntries(
      RESOURCES.map((resource) => {
        const value = quantities?.[resource];
        const amount = value === undefined ? undefined : parseQuantity(value);
        check(value === undefined || (amount !== undefined && amount > 0), `resources.${kind}.${resource}`, `'${value}' is not a positive quantity`, "use e.g. '250m' or '512Mi'");
        return [resource, amount];
      }),
    ) as Record<(typeof RESOURCES)[number], number | undefined>;
  const requests = parsed(spec.resources?.requests, 'requests');
  const limits = parsed(spec.resources?.limits, 'limits');
  for (const resource of RESOURCES) {
    const [request, limit] = [requests[resource], limits[resource]];
    check(
      request === undefined || limit === undefined || limit >= request,
      `resources.limits.${resource}`,
      `${spec.resources?.limits?.[resource]} is below the request ${spec.resources?.requests?.[resource]}`,
      `set the ${resource} limit at least as high as the request`,
    );
  }
}

/** Prometheus metric names and scrape durations. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SCRAPE_INTERVAL = /^([0-9]+(ms|s|m|h))+$/;

function validateMetrics(spec: ServiceSpec, servicePort: number, check: Check): void {
  const metrics = spec.metrics;
  if (metrics === undefined) return;
  const port = metricsContainerPort(spec)!;
  // The Service's `metrics` port has the container port's number; two Service ports cannot share a number.
  check(
    port !== servicePort,
    'metrics.port',
    `${port} is also the Service's http port, so the Service cannot have a separate metrics port`,
    port === spec.containerPort ? 'set servicePort to another number, e.g. 80' : 'serve metrics on another port, or change servicePort',
  );
  const path = metrics.path ?? SERVICE_DEFAULTS.metricsPath;
  check(isAbsolutePath(path), 'metrics.path', `'${path}' does not start with /`, 'write the HTTP path, e.g. /metrics');
  check(metrics.interval === undefined || SCRAPE_INTERVAL.test(metrics.interval), 'metrics.interval', `'${metrics.interval}' is not a Prometheus duration`, 'write e.g. 30s or 1m');
  for (const name of metrics.names ?? []) check(METRIC_NAME.test(name), 'metrics.names', `'${name}' is not a Prometheus metric name`, 'use letters, digits, _ and :, e.g. http_requests_total');
}

function validateProbes(spec: ServiceSpec, options: ServiceSpecValidationOptions, check: Check): void {
  const probes = spec.probes ?? {};
  check(!options.production || probes.readiness !== undefined, 'probes.readiness', 'is missing, so rollouts and scaling send traffic to pods that cannot serve yet', 'add an HTTP readiness probe, e.g. { path: "/ready" }');
  const metricsPort = metricsContainerPort(spec);
  const servingPorts = [...new Set([spec.containerPort, ...(metricsPort === undefined ? [] : [metricsPort])])];
  for (const [kind, probe] of Object.entries(probes) as [string, HttpProbe | undefined][]) {
    if (probe === undefined) continue;
    const field = `probes.${kind}`;
    check(isAbsolutePath(probe.path), `${field}.path`, `'${probe.path}' does not start with /`, 'write the HTTP path, e.g. /health');
    check(probe.port === undefined || servingPorts.includes(probe.port), `${field}.port`, `${probe.port} is not a port the container serves (${servingPorts.join(', ')})`, 'probe containerPort or metrics.port, or leave port out');
    check(isCount(probe.initialDelaySeconds, 0), `${field}.initialDelaySeconds`, `${probe.initialDelaySeconds} is not a number of seconds`, 'use 0 or more');
    for (const key of ['periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
      check(isCount(probe[key], 1), `${field}.${key}`, `${probe[key]} is not a positive whole number`, 'use 1 or more');
    }
  }
}

function validateAutoscaling(spec: ServiceSpec, options: ServiceSpecValidationOptions, check: Check): void {
  const scaling = spec.autoscaling;
  const vertical = spec.verticalScaling ?? SERVICE_DEFAULTS.verticalScaling;
  check(['off', 'recommend', 'initial', 'auto'].includes(vertical.mode), 'verticalScaling.mode', `'${vertical.mode}' is not a mode`, 'use off, recommend, initial or auto');
  for (const resource of RESOURCES) {
    const [min, max] = [vertical.minAllowed?.[resource], vertical.maxAllowed?.[resource]];
    for (const [bound, value] of [
      ['minAllowed', min],
      ['maxAllowed', max],
    ] as const) {
      check(value === undefined || parseQuantity(value) !== undefined, `verticalScaling.${bound}.${resource}`, `'${value}' is not a quantity`, "use e.g. '100m' or '2Gi'");
    }
    const [low, high] = [min === undefined ? undefined : parseQuantity(min), max === undefined ? undefined : parseQuantity(max)];
    check(low === undefined || high === undefined || low <= high, `verticalScaling.maxAllowed.${resource}`, `${max} is below minAllowed ${min}`, 'make maxAllowed at least minAllowed');
  }
  if (scaling === undefined) return;

  const replicas = spec.replicas ?? SERVICE_DEFAULTS.replicas;
  check(isCount(scaling.minReplicas, 1), 'autoscaling.minReplicas', `${scaling.minReplicas} is not a replica count`, 'scale between at least 1 and maxReplicas');
  check(Number.isInteger(scaling.maxReplicas) && scaling.maxReplicas >= scaling.minReplicas, 'autoscaling.maxReplicas', `${scaling.maxReplicas} is below minReplicas ${scaling.minReplicas}`, 'make maxReplicas at least minReplicas');
  check(replicas <= scaling.maxReplicas, 'replicas', `${replicas} is above autoscaling.maxReplicas ${scaling.maxReplicas}`, `start with at most ${scaling.maxReplicas} replicas, or raise maxReplicas`);
  check(replicas >= scaling.minReplicas, 'replicas', `${replicas} is below autoscaling.minReplicas ${scaling.minReplicas}`, `start with at least ${scaling.minReplicas} replicas, or lower minReplicas`);
  check(
    scaling.cpuUtilization !== undefined || scaling.memoryUtilization !== undefined || scaling.requestsPerSecond !== undefined,
    'autoscaling',
    'has no metric to scale on',
    'set cpuUtilization, memoryUtilization or requestsPerSecond',
  );
  for (const [metric, resource] of [
    ['cpuUtilization', 'cpu'],
    ['memoryUtilization', 'memory'],
  ] as const) {
    const target = scaling[metric];
    if (target === undefined) continue;
    check(isCount(target, 1), `autoscaling.${metric}`, `${target} is not a percentage`, 'use a whole percentage of the request, e.g. 70');
    check(spec.resources?.requests?.[resource] !== undefined, `autoscaling.${metric}`, `is a percentage of the ${resource} request, which is not set`, `set resources.requests.${resource}`);
  }
  if (scaling.requestsPerSecond !== undefined) {
    check(isCount(scaling.requestsPerSecond, 1), 'autoscaling.requestsPerSecond', `${scaling.requestsPerSecond} is not a positive whole number`, 'use e.g. 100');
    check(
      options.customMetricsApi === true,
      'autoscaling.requestsPerSecond',
      'needs the custom metrics API, which the cluster does not serve; with a metric it cannot read the autoscaler never scales down',
      'install an adapter such as prometheus-adapter and set customMetricsApi, or remove requestsPerSecond',
    );
  }
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    validateScalingRules(scaling[direction], `autoscaling.${direction}`, check);
  }
  const resourceMetrics = scaling.cpuUtilization !== undefined || scaling.memoryUtilization !== undefined;
  check(
    !(resourceMetrics && (vertical.mode === 'auto' || vertical.mode === 'initial')),
    'verticalScaling.mode',
    `'${vertical.mode}' changes the CPU and memory requests the horizontal autoscaler measures utilization against, so the two fight`,
    "use 'recommend', or scale horizontally on requestsPerSecond only",
  );
}

function validateScalingRules(rules: ScalingRules | undefined, field: string, check: Check): void {
  if (rules === undefined) return;
  const window = rules.stabilizationWindowSeconds;
  check(window === undefined || (Number.isInteger(window) && window >= 0 && window <= 3600), `${field}.stabilizationWindowSeconds`, `${window} is outside 0 to 3600 seconds`, 'use e.g. 60 or 300');
  check(rules.policies.length > 0, `${field}.policies`, 'is empty', 'add a policy, or leave the direction out for the Kubernetes default');
  for (const policy of rules.policies) {
    check(Number.isInteger(policy.value) && policy.value > 0, `${field}.policies`, `${policy.type} value ${policy.value} is not a positive whole number`, 'use e.g. 100 (Percent) or 2 (Pods)');
    check(Number.isInteger(policy.periodSeconds) && policy.periodSeconds >= 1 && policy.periodSeconds <= 1800, `${field}.policies`, `periodSeconds ${policy.periodSeconds} is outside 1 to 1800`, 'use e.g. 60');
  }
}

function validateEnvironment(spec: ServiceSpec, options: ServiceSpecValidationOptions, check: Check): void {
  const plain = Object.keys(spec.env ?? {});
  const secret = Object.entries(spec.secrets ?? {});
  for (const name of [...plain, ...secret.map(([name]) => name)]) {
    check(ENV_VAR_NAME.test(name), 'env', `'${name}' is not an environment variable name`, 'use letters, digits and underscores, not starting with a digit');
  }
  for (const name of plain.filter((name) => name in (spec.secrets ?? {}))) {
    check(false, `secrets.${name}`, 'is also a plain env variable', 'set it in env or in secrets, not both');
  }
  // A DATABASE_URL secret takes the place of the platform's URL (databaseUrlFromSecret); without network.database its
  // pods could not reach PostgreSQL through the NetworkPolicy.
  check(
    spec.secrets?.DATABASE_URL === undefined || spec.network?.database === true,
    'secrets.DATABASE_URL',
    'points at PostgreSQL, but the NetworkPolicy lets the pods reach it only with network.database',
    'set network.database: true',
  );
  const reserved = [
    ...(usesDatabaseIamAuthentication(spec) ? DATABASE_ENV_VARS : []),
    ...(spec.network?.cache ? CACHE_ENV_VARS : []),
    ...(usesDataTier(spec) ? [REGION_ENV_VAR] : []),
  ];
  for (const [field, names] of [
    ['env', plain],
    ['secrets', secret.map(([name]) => name)],
  ] as const) {
    for (const name of names.filter((name) => (reserved as readonly string[]).includes(name))) {
      check(false, `${field}.${name}`, 'is set by the platform for database and cache users (IAM authentication, no password)', `remove ${name}; the platform sets it from the data stack`);
    }
  }
  for (const [variable, reference] of secret) {
    const field = `secrets.${variable}`;
    check(SECRET_NAME.test(reference.secretName), field, `'${reference.secretName}' is not a secret name`, 'use the name under <project>/<environment>/, e.g. novel-engine/jwt-secret-key');
    check(
      options.knownSecrets.includes(reference.secretName),
      field,
      `secret '${reference.secretName}' does not exist in this environment`,
      `add it to data.secrets, or use one of ${options.knownSecrets.join(', ')}`,
    );
    check(reference.property !== '', `${field}.property`, 'is empty', 'name a JSON property, or leave property out to use the whole value');
  }
  const config = spec.config;
  if (config !== undefined) {
    const keys = Object.keys(config.data);
    check(keys.length > 0, 'config.data', 'is empty', 'add entries, or leave config out');
    for (const key of keys) {
      check(DATA_KEY.test(key), 'config.data', `'${key}' is not a ConfigMap key`, 'use letters, digits, -, _ and .');
      if (config.mountPath === undefined) {
        check(ENV_VAR_NAME.test(key), 'config.data', `'${key}' becomes an environment variable but is not a variable name`, 'set config.mountPath to mount the entries as files, or rename the key');
      }
    }
  }
}

function validateVolumes(spec: ServiceSpec, check: Check): void {
  const mounts = [
    ...(spec.writablePaths ?? []).map((path) => path.mountPath),
    ...(spec.persistentVolume === undefined ? [] : [spec.persistentVolume.mountPath]),
    ...(spec.config?.mountPath === undefined ? [] : [spec.config.mountPath]),
  ];
  for (const mount of mounts) check(isAbsolutePath(mount), 'writablePaths', `mount path '${mount}' is not absolute`, 'start mount paths with /');
  for (const mount of duplicates(mounts)) check(false, 'writablePaths', `'${mount}' is mounted twice`, 'mount each path once');
  for (const path of spec.writablePaths ?? []) {
    const limit = path.sizeLimit;
    check(limit === undefined || (parseQuantity(limit) ?? 0) > 0, 'writablePaths', `sizeLimit '${limit}' of ${path.mountPath} is not a positive quantity`, "use e.g. '1Gi'");
  }

  const volume = spec.persistentVolume;
  if (volume === undefined) return;
  check((parseQuantity(volume.size) ?? 0) > 0, 'persistentVolume.size', `'${volume.size}' is not a positive quantity`, "use e.g. '20Gi'");
  const singleAttach = (volume.accessMode ?? SERVICE_DEFAULTS.accessMode) === 'ReadWriteOnce';
  const scalesOut = spec.autoscaling !== undefined ? spec.autoscaling.maxReplicas > 1 : (spec.replicas ?? SERVICE_DEFAULTS.replicas) > 1;
  check(
    !(singleAttach && scalesOut),
    'persistentVolume.accessMode',
    'ReadWriteOnce attaches the volume to one node in one zone, so replicas on other nodes never start (Multi-Attach error)',
    "run a single replica without autoscaling, use a ReadWriteMany storage class (EFS), or keep the data in S3",
  );
  check(!singleAttach || (spec.maxUnavailable ?? SERVICE_DEFAULTS.maxUnavailable) !== 0 || spec.maxSurge === 0, 'persistentVolume.accessMode', 'ReadWriteOnce with a surge pod: the new pod waits for the volume the old one holds, so the rollout never finishes', 'set maxSurge 0 and maxUnavailable 1');
}
