import { DeliveryStrategy, HTTP_SERVER_METRICS, KGAS_WORKERS_PLACEMENT, ServiceAutoscaling, ServiceDelivery, ServiceProbes, ServiceSpec } from './workload-spec';

/**
 * Seed 003's release: a canary of 10 % then 50 % of the requests (10 and 5 minute pauses) before all of them, watched
 * against seed 001's error-ratio and p95 latency thresholds, rolled back automatically when they are crossed.
 */
export const SEED_003_CANARY: ServiceDelivery = { strategy: 'canary' };

/**
 * Service sets of the seed systems, ready for Workloads. Figures are the seeds'; where a seed is silent or cannot
 * work as written on this platform, the comment says what was chosen instead.
 */

/**
 * Seed 001's autoscaling of the Novel Engine services, in its production figures: 3–20 replicas on CPU 70 % and
 * memory 80 % of the requests; scale up by 100 % but at most 4 pods per 15 s, scale down by 10 % but at most one pod
 * per 60 s. The seed's "max" reads as a cap, so the smaller of each pair applies (`selectPolicy: Min`). Staging runs
 * 2–10 (`workloads.autoscaling` in its environment file).
 */
export const NOVEL_ENGINE_AUTOSCALING: ServiceAutoscaling = {
  minReplicas: 3,
  maxReplicas: 20,
  cpuUtilization: 70,
  memoryUtilization: 80,
  scaleUp: {
    selectPolicy: 'Min',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    selectPolicy: 'Min',
    policies: [
      { type: 'Percent', value: 10, periodSeconds: 60 },
      { type: 'Pods', value: 1, periodSeconds: 60 },
    ],
  },
};

/**
 * Novel Engine (seed 000, k8s/backend-deployment.yaml and k8s/frontend-deployment.yaml), routed on the host keys
 * `api` (backend) and `web` (frontend).
 *
 * - Secrets: GEMINI_API_KEY and JWT_SECRET_KEY (in DEFAULT_APPLICATION_SECRETS). The seed's DATABASE_URL and
 *   REDIS_URL secrets are plain variables instead: PostgreSQL and Redis use IAM authentication with the service's
 *   IRSA role, so the URLs hold no password (see dataTierEnvironment); the application must sign a token for each
 *   connection (DATABASE_IAM_AUTH / REDIS_IAM_AUTH are `true`).
 * - `/app/data` is a 10 Gi scratch directory, not the seed's PersistentVolumeClaim: one EBS volume attaches to one
 *   node in one zone, so the seed's three replicas spread over zones could not share it. Durable files belong in
 *   S3 (seed 000's `novel-engine-storage` bucket) or a ReadWriteMany (EFS) class.
 * - The frontend image writes its nginx cache and pid file, so `/var/cache/nginx` and `/var/run` are writable.
 * - The frontend is a React build: `REACT_APP_API_URL` and `REACT_APP_WS_URL` are compiled into the bundle by
 *   `npm run build`, so they are image build arguments (`https://api.<dnsZoneName>`, `wss://api.<dnsZoneName>/ws`;
 *   the workloads stack outputs them), not container variables: set at run time they would change nothing. The
 *   seed's values pointed at another domain (api.novelengine.com).
 * - Both services scale with {@link NOVEL_ENGINE_AUTOSCALING} (seed 001); the frontend starts at 3 replicas, the
 *   seed's production minimum (seed 000 ran 2).
 * - Metrics: the backend serves `/metrics` on 8000 (scraped through a ServiceMonitor); the frontend's nginx serves
 *   static files and exports none.
 */
export const NOVEL_ENGINE_SERVICES: readonly ServiceSpec[] = [
  {
    name: 'novel-engine-backend',
    imageRepository: 'novel-engine/backend',
    containerPort: 8000,
    servicePort: 80,
    replicas: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    autoscaling: NOVEL_ENGINE_AUTOSCALING,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    probes: {
      liveness: { path: '/health', initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      readiness: { path: '/ready', initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    },
    secrets: {
      GEMINI_API_KEY: { secretName: 'novel-engine/gemini-api-key' },
      JWT_SECRET_KEY: { secretName: 'novel-engine/jwt-secret-key' },
    },
    security: { runAsUser: 1001, fsGroup: 1001 },
    writablePaths: [{ mountPath: '/tmp' }, { mountPath: '/app/data', sizeLimit: '10Gi' }],
    // Gemini is an internet API.
    network: { database: true, cache: true, internetHttps: true },
    // /metrics on the application port: the HTTP metrics of seed 000's rules and dashboards, and seed 001's backlog of
    // narratives awaiting generation (the platform thresholds' QueueBacklogHigh).
    metrics: { names: [...HTTP_SERVER_METRICS, 'narrative_queue_depth'] },
    routes: [{ host: 'api' }],
    delivery: SEED_003_CANARY,
  },
  {
    name: 'novel-engine-frontend',
    imageRepository: 'novel-engine/frontend',
    containerPort: 80,
    servicePort: 80,
    replicas: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    autoscaling: NOVEL_ENGINE_AUTOSCALING,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    probes: {
      liveness: { path: '/health', initialDelaySeconds: 30, periodSeconds: 10 },
      readiness: { path: '/health', initialDelaySeconds: 5, periodSeconds: 5 },
    },
    security: { runAsUser: 101, fsGroup: 101 },
    writablePaths: [{ mountPath: '/tmp' }, { mountPath: '/var/cache/nginx' }, { mountPath: '/var/run' }],
    routes: [{ host: 'web' }],
    // nginx exports no request metrics: the canary pauses at 10 % and 50 % and rolls back on pods that never get
    // ready, but nothing measures its errors.
    delivery: { ...SEED_003_CANARY, analysis: false },
  },
];

/** Seed 002 probes (auth-service), used by every service of the set. */
const microserviceProbes = (port: number): ServiceProbes => ({
  liveness: { path: '/health', port, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
  readiness: { path: '/ready', port, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
  startup: { path: '/health', port, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
});

/**
 * Seed 002's third HPA metric: 100 requests per second per pod (`requests_per_second`, a Pods metric). It needs the
 * custom metrics API, which the platform does not serve (no prometheus-adapter): with a metric it cannot read the
 * autoscaler never scales down. Add it to the services' `autoscaling` (and set `customMetricsApi`) once it does.
 */
export const SEED_002_REQUESTS_PER_SECOND = 100;

/**
 * Seed 002 `auth-service-hpa`: 2–10 replicas on CPU 70 % and memory 80 %, with the seed's behaviour; without its
 * requests-per-second metric (see {@link SEED_002_REQUESTS_PER_SECOND}).
 */
const MICROSERVICE_AUTOSCALING: ServiceAutoscaling = {
  minReplicas: 2,
  maxReplicas: 10,
  cpuUtilization: 70,
  memoryUtilization: 80,
  scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
  scaleUp: {
    stabilizationWindowSeconds: 60,
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 60 },
      { type: 'Pods', value: 2, periodSeconds: 60 },
    ],
  },
};

function microservice(name: string, port: number, replicas: number, resources: ServiceSpec['resources'], extra: Partial<ServiceSpec>): ServiceSpec {
  return {
    name,
    imageRepository: `project/${name}`,
    containerPort: port,
    servicePort: 80,
    replicas,
    maxSurge: 1,
    maxUnavailable: 1,
    resources,
    probes: microserviceProbes(port),
    env: { NODE_ENV: 'production' },
    // The seed's DATABASE_URL and REDIS_URL: plain, password-less variables for the services that use them (IAM authentication).
    secrets: { JWT_SECRET: { secretName: 'microservices/jwt-secret' } },
    writablePaths: [{ mountPath: '/tmp' }],
    autoscaling: MICROSERVICE_AUTOSCALING,
    // Seed 002 scrapes the pods' /metrics (prometheus.io annotations) for its dashboard's http_requests_total and
    // http_request_duration_seconds: here a ServiceMonitor on the application port.
    metrics: {},
    // The seed's VPA runs `Auto` next to an HPA on CPU and memory; the two would fight over the same requests.
    verticalScaling: { mode: 'recommend', minAllowed: { cpu: '100m', memory: '128Mi' }, maxAllowed: { cpu: '1', memory: '2Gi' } },
    // Seed 003's canary for every service: routed ones on the ALB's weights, internal ones by replicas.
    delivery: SEED_003_CANARY,
    ...extra,
  };
}

const GATEWAY_RESOURCES = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } };

/**
 * The microservices platform of seed 002: api-gateway (3000), auth-service (3001), user-service (3002),
 * task-service and notification-service, in the seed's production replica counts, with the seed's probes, HPA
 * (CPU and memory) and behaviour, config map and auth-service placement. Use it with `rateLimit: SEED_002_RATE_LIMIT` (100 rps),
 * ECR repositories `project/<service>` (the cluster stack creates them from the catalog) and the secret
 * `microservices/jwt-secret` (in `data.secrets`).
 *
 * The seed gives no ports or resources for task-service and notification-service: they get 3003 and 3004 and the
 * api-gateway's resources, and images `project/task-service` and `project/notification-service` like the seed's
 * three. The seed's Ingress routes `/api/v1/auth` and `/api/v1/users` straight to their services; everything else on
 * the host goes to the api-gateway. The host is the key `services` (`services.<dnsZoneName>` by default), not the
 * seed's `api`: Novel Engine's backend owns `api.<dnsZoneName>` (and the CDN's `/api/*`), so both catalogs can run
 * in one environment.
 */
export const MICROSERVICES_CATALOG: readonly ServiceSpec[] = [
  microservice('api-gateway', 3000, 2, GATEWAY_RESOURCES, {
    network: { calls: ['auth-service', 'user-service', 'task-service'] },
    routes: [{ host: 'services', paths: ['/'] }],
  }),
  microservice('auth-service', 3001, 3, { requests: { cpu: '200m', memory: '400Mi' }, limits: { cpu: '400m', memory: '800Mi' } }, {
    config: {
      mountPath: '/app/config',
      data: {
        'config.yaml': [
          'server:',
          '  port: 3001',
          '  host: "0.0.0.0"',
          'auth:',
          '  jwt_expiry: "15m"',
          '  refresh_expiry: "7d"',
          '  max_sessions: 5',
          'rate_limiting:',
          '  window_ms: 900000',
          '  max_requests: 100',
          '',
        ].join('\n'),
      },
    },
    placement: { nodeSelector: { 'kubernetes.io/arch': 'amd64' }, tolerations: [{ key: 'app', operator: 'Equal', value: 'auth', effect: 'NoSchedule' }] },
    network: { callers: ['api-gateway'], database: true, cache: true },
    routes: [{ host: 'services', paths: ['/api/v1/auth'] }],
  }),
  microservice('user-service', 3002, 5, { requests: { cpu: '300m', memory: '600Mi' }, limits: { cpu: '600m', memory: '1.2Gi' } }, {
    // S3 through the gateway endpoint, on public addresses.
    network: { callers: ['api-gateway'], database: true, internetHttps: true },
    routes: [{ host: 'services', paths: ['/api/v1/users'] }],
  }),
  microservice('task-service', 3003, 4, GATEWAY_RESOURCES, {
    // OpenSearch lives in the VPC.
    network: { callers: ['api-gateway'], database: true, awsApis: true },
  }),
  microservice('notification-service', 3004, 2, GATEWAY_RESOURCES, {
    // SQS and SNS have no interface endpoint in the VPC.
    network: { internetHttps: true },
  }),
];

/**
 * Seed 004's `kgas-api-hpa`: 2–20 replicas on CPU 70 % and memory 80 % of the requests. The seed gives no scaling
 * behaviour, so Kubernetes' default applies.
 */
export const KGAS_AUTOSCALING: ServiceAutoscaling = { minReplicas: 2, maxReplicas: 20, cpuUtilization: 70, memoryUtilization: 80 };

/** The Secrets Manager secret (under `<project>/<environment>/`) holding the KGAS API's DATABASE_URL. */
export const KGAS_DATABASE_URL_SECRET = 'kgas/database-url';

/**
 * The KGAS API (seed 004, `kgas-api-server`): 3 replicas on port 8000 with the seed's requests and limits, scaled by
 * {@link KGAS_AUTOSCALING}, routed on the host key `kgas` (`kgas.<dnsZoneName>` by default) so it runs next to the
 * other catalogs. The image is `kgas/api` (the platform's repository; the seed's `kgas/api-server:v1.0.0`) at the
 * environment's image tag like every catalog: CI's commit id, never `latest` in staging or production.
 *
 * - DATABASE_URL comes from a secret, as in the seed (`kgas-secrets` / `database-url`): the Secrets Manager secret
 *   {@link KGAS_DATABASE_URL_SECRET} (list it in the environment's `data.secrets`), synced by External Secrets into
 *   the Secret `kgas-api-server-secrets` and read through `secretKeyRef`. Operators put the whole libpq URL in it,
 *   credentials included, for a login role of KGAS's own in the environment's PostgreSQL (created with the master
 *   user, owning a `kgas` database): `postgresql://kgas:<password>@<postgres endpoint>:5432/kgas?sslmode=verify-full`
 *   (the RDS CA bundle in the image, or `sslrootcert`). A rotation is a new secret value and a rollout (External
 *   Secrets refreshes the Secret; pods read it at start). The platform sets no DATABASE_URL or DATABASE_IAM_AUTH for
 *   it and grants no `rds-db:connect`, so the service has no IRSA role: nothing of it calls AWS.
 *   `network.database` keeps its NetworkPolicy egress to the database subnets on 5432.
 * - Nodes: the seed's `kgas-workers` group (t3.medium and t3.large, 1/3/10; environments/common `kgasWorkers`) is
 *   tainted for KGAS, and the pods select and tolerate it ({@link KGAS_WORKERS_PLACEMENT}). An environment enabling
 *   the catalog needs that node group: without it the pods stay Pending (the capacity contract names them).
 * - Probes: the seed asks for health checks on every new pod but names no path; `/health` on 8000 is assumed for
 *   both. Change it here if the image serves another one.
 * - Metrics: the seed's prometheus_client counters (`kgas_requests_total`, `kgas_request_duration_seconds`,
 *   `kgas_active_users`), assumed on `/metrics` at the application port, scraped through a ServiceMonitor.
 * - Rollout: seed 004's canary (5 % → 25 % → 50 % → 100 %) with automatic rollback; `workloads.delivery` switches it
 *   to its blue-green or rolling pattern. PodDisruptionBudget: one less than the HPA minimum (1 of 2).
 */
export const KGAS_SERVICES: readonly ServiceSpec[] = [
  {
    name: 'kgas-api-server',
    imageRepository: 'kgas/api',
    containerPort: 8000,
    servicePort: 80,
    replicas: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    autoscaling: KGAS_AUTOSCALING,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
    probes: {
      liveness: { path: '/health', initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      readiness: { path: '/health', initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    },
    secrets: { DATABASE_URL: { secretName: KGAS_DATABASE_URL_SECRET } },
    writablePaths: [{ mountPath: '/tmp' }],
    network: { database: true },
    metrics: { names: ['kgas_requests_total', 'kgas_request_duration_seconds', 'kgas_active_users'] },
    placement: KGAS_WORKERS_PLACEMENT,
    routes: [{ host: 'kgas' }],
    // Seed 004's canary stages (5 %, 25 %, 50 %, then 100 %), five minutes each, on its own request metrics.
    delivery: {
      strategy: 'canary',
      steps: [
        { weight: 5, pause: '5m' },
        { weight: 25, pause: '5m' },
        { weight: 50, pause: '5m' },
      ],
      // kgas_requests_total has no status label (seed 004: method, endpoint): the release is judged by latency.
      analysis: { requestsMetric: 'kgas_requests_total', statusLabel: false, latencyMetric: 'kgas_request_duration_seconds' },
    },
  },
];

/** How far scaledForDevelopment shrinks services. */
export interface DevelopmentScale {
  /** Replicas of every service. @default 1 */
  readonly replicas?: number;
  /** Most replicas an autoscaler may add. @default 2 */
  readonly maxReplicas?: number;
}

/**
 * The specs shrunk for development: `replicas` each (1), autoscalers between that and `maxReplicas` (2), no
 * explicit disruption budget (with one replica none is created), rolling updates (no Prometheus to analyse a canary). Everything else, probes and resources included,
 * stays as in production so development runs the same pods.
 */
export function scaledForDevelopment(specs: readonly ServiceSpec[], scale: DevelopmentScale = {}): ServiceSpec[] {
  const replicas = scale.replicas ?? 1;
  const maxReplicas = scale.maxReplicas ?? 2;
  return specs.map(({ minAvailable: _minAvailable, delivery: _delivery, ...spec }) => ({
    ...spec,
    replicas: Math.min(spec.replicas ?? replicas, replicas),
    ...(spec.autoscaling === undefined
      ? {}
      : {
          autoscaling: {
            ...spec.autoscaling,
            minReplicas: Math.min(spec.autoscaling.minReplicas, replicas),
            maxReplicas: Math.max(Math.min(spec.autoscaling.maxReplicas, maxReplicas), Math.min(spec.autoscaling.minReplicas, replicas)),
          },
        }),
  }));
}

/** The replica range an environment gives every autoscaled service (`workloads.autoscaling`). */
export interface AutoscalingRange {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/**
 * The specs with every autoscaler's range replaced by `range`, and the starting replicas moved into it; services
 * without an autoscaler are unchanged.
 */
export function withAutoscalingRange(specs: readonly ServiceSpec[], range: AutoscalingRange): ServiceSpec[] {
  return specs.map((spec) =>
    spec.autoscaling === undefined
      ? spec
      : {
          ...spec,
          replicas: Math.min(Math.max(spec.replicas ?? range.minReplicas, range.minReplicas), range.maxReplicas),
          autoscaling: { ...spec.autoscaling, minReplicas: range.minReplicas, maxReplicas: range.maxReplicas },
        },
  );
}

/**
 * The specs with the release strategy of the services named in `strategies` replaced (canary steps and analysis kept
 * from the catalog where the strategy uses them); the others are unchanged.
 */
export function withDeliveryStrategies(specs: readonly ServiceSpec[], strategies: Readonly<Record<string, DeliveryStrategy>>): ServiceSpec[] {
  return specs.map((spec) => {
    const strategy = strategies[spec.name];
    if (strategy === undefined) return spec;
    const { steps, analysis } = spec.delivery ?? {};
    return { ...spec, delivery: { strategy, ...(strategy === 'canary' && steps !== undefined ? { steps } : {}), ...(strategy !== 'rolling' && analysis !== undefined ? { analysis } : {}) } };
  });
}

/**
 * The specs for an environment without Prometheus: services whose releases are analysed on its metrics roll instead
 * (a canary nothing measures would promote a failing version just as surely, only slower); `analysis: false`
 * canaries keep their steps. Returns the names it changed, for a synth warning.
 */
export function rollingWithoutPrometheus(specs: readonly ServiceSpec[]): { specs: ServiceSpec[]; changed: string[] } {
  const analysed = (spec: ServiceSpec) => spec.delivery !== undefined && spec.delivery.strategy !== 'rolling' && spec.delivery.analysis !== false;
  return {
    specs: specs.map((spec) => (analysed(spec) ? { ...spec, delivery: { strategy: 'rolling' } } : spec)),
    changed: specs.filter(analysed).map((spec) => spec.name),
  };
}
