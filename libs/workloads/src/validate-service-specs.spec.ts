import { MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES } from './catalogs';
import { TEST_SECRETS } from './private/testing';
import { formatProblem, ServiceSpecValidationOptions, validateServiceSpecs } from './validate-service-specs';
import { ServiceSpec } from './workload-spec';

const OPTIONS: ServiceSpecValidationOptions = { production: true, knownSecrets: TEST_SECRETS, imageTag: '3f2c1ab', databaseReachable: true, cacheReachable: true };

const API: ServiceSpec = {
  name: 'api',
  imageRepository: 'shop/api',
  containerPort: 8080,
  replicas: 3,
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  probes: { readiness: { path: '/ready' } },
};

const messages = (specs: readonly ServiceSpec[], options: Partial<ServiceSpecValidationOptions> = {}) => validateServiceSpecs(specs, { ...OPTIONS, ...options }).map(formatProblem);
const withApi = (change: Partial<ServiceSpec>) => messages([{ ...API, ...change }]);

describe('validateServiceSpecs', () => {
  it('accepts a complete production spec and the seed catalogs', () => {
    expect(messages([API])).toEqual([]);
    expect(messages(NOVEL_ENGINE_SERVICES, { hosts: { api: 'api.example.com', web: 'app.example.com' } })).toEqual([]);
    expect(messages(MICROSERVICES_CATALOG, { hosts: { services: 'services.example.com' } })).toEqual([]);
  });

  it('refuses more replicas than the autoscaler maximum, or fewer than its minimum', () => {
    expect(withApi({ replicas: 12, autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 } })).toEqual([
      'services.api.replicas: 12 is above autoscaling.maxReplicas 10. Fix: start with at most 10 replicas, or raise maxReplicas',
    ]);
    expect(withApi({ replicas: 1, autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 } })).toEqual([
      'services.api.replicas: 1 is below autoscaling.minReplicas 2. Fix: start with at least 2 replicas, or lower minReplicas',
    ]);
  });

  it('refuses limits below requests', () => {
    expect(withApi({ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } } })).toEqual([
      'services.api.resources.limits.cpu: 500m is below the request 1. Fix: set the cpu limit at least as high as the request',
    ]);
  });

  it('accepts metrics on the application port behind another Service port, and refuses what a Service or Prometheus cannot take', () => {
    expect(withApi({ servicePort: 80, metrics: {} })).toEqual([]);
    expect(withApi({ servicePort: 8080, metrics: {} })).toEqual([
      "services.api.metrics.port: 8080 is also the Service's http port, so the Service cannot have a separate metrics port. Fix: set servicePort to another number, e.g. 80",
    ]);
    expect(withApi({ metrics: { port: 80, path: 'metrics', interval: 'often', names: ['http-requests'] } })).toEqual([
      "services.api.metrics.port: 80 is also the Service's http port, so the Service cannot have a separate metrics port. Fix: serve metrics on another port, or change servicePort",
      "services.api.metrics.path: 'metrics' does not start with /. Fix: write the HTTP path, e.g. /metrics",
      "services.api.metrics.interval: 'often' is not a Prometheus duration. Fix: write e.g. 30s or 1m",
      "services.api.metrics.names: 'http-requests' is not a Prometheus metric name. Fix: use letters, digits, _ and :, e.g. http_requests_total",
    ]);
  });

  it('refuses a secret the environment does not have', () => {
    expect(withApi({ secrets: { API_KEY: { secretName: 'shop/api-key' } } })).toEqual([
      `services.api.secrets.API_KEY: secret 'shop/api-key' does not exist in this environment. Fix: add it to data.secrets, or use one of ${TEST_SECRETS.join(', ')}`,
    ]);
  });

  it("refuses the tag 'latest' in production, from the environment or the service, and allows it elsewhere", () => {
    const latest = "is 'latest', which changes under a running Deployment and cannot be rolled back. Fix: deploy an immutable tag such as the git commit SHA from CI";
    expect(messages([API], { imageTag: 'latest' })).toEqual([`services.api.imageTag (from the environment): ${latest}`]);
    expect(withApi({ imageTag: 'latest' })).toEqual([`services.api.imageTag: ${latest}`]);
    expect(messages([API], { imageTag: 'latest', production: false })).toEqual([]);
    expect(messages([API], { imageTag: '' })).toEqual(['services.api.imageTag (from the environment): is empty. Fix: deploy an immutable tag such as the git commit SHA from CI']);
  });

  it('does not check a tag that is only known at apply time', () => {
    expect(messages([API], { imageTag: '${var.image_tag}' })).toEqual([]);
  });

  it('refuses a production service without a readiness probe, and allows it in development', () => {
    const noProbe = { ...API, probes: { liveness: { path: '/health' } } };
    expect(messages([noProbe])).toEqual([
      'services.api.probes.readiness: is missing, so rollouts and scaling send traffic to pods that cannot serve yet. Fix: add an HTTP readiness probe, e.g. { path: "/ready" }',
    ]);
    expect(messages([noProbe], { production: false })).toEqual([]);
  });

  it('reports every problem of every service at once', () => {
    const problems = messages([
      { ...API, name: 'Api_1', replicas: 20, autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 } },
      { ...API, name: 'worker', secrets: { TOKEN: { secretName: 'worker/token' } }, network: { calls: ['billing'] } },
      { ...API, name: 'worker' },
    ]);
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'services.worker',
      'services.Api_1.name',
      'services.Api_1.replicas',
      'services.worker.secrets.TOKEN',
      'services.worker.network.calls',
    ]);
  });

  it('refuses callers and calls naming unknown services, and the service itself', () => {
    expect(messages([{ ...API, network: { callers: ['web', 'api'] } }, { ...API, name: 'web' }])).toEqual([
      "services.api.network.callers: names the service itself. Fix: list other services only",
    ]);
    expect(withApi({ network: { calls: ['billing'] } })).toEqual(["services.api.network.calls: 'billing' is not a service of this environment. Fix: name one of api"]);
  });

  it('refuses two services on one host and path, and unknown hosts', () => {
    const routed = (name: string, path: string): ServiceSpec => ({ ...API, name, routes: [{ host: 'api', paths: [path] }] });
    expect(messages([routed('users', '/api/v1/users'), routed('accounts', '/api/v1/users')], { hosts: { api: 'api.example.com' } })).toEqual([
      "services.accounts.routes: host 'api' path '/api/v1/users' is already routed to 'users'. Fix: route each host and path to one service",
    ]);
    expect(messages([routed('users', '/')], { hosts: { web: 'www.example.com' } })).toEqual([
      "services.users.routes: host 'api' is not one of the environment's hosts (web). Fix: add the host to hosts, or route to a listed one",
    ]);
  });

  it('refuses autoscaling on a resource without a request, and on a metric the cluster cannot serve', () => {
    expect(withApi({ resources: { limits: { cpu: '1' } }, autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 } })).toEqual([
      'services.api.autoscaling.cpuUtilization: is a percentage of the cpu request, which is not set. Fix: set resources.requests.cpu',
    ]);
    expect(withApi({ autoscaling: { minReplicas: 2, maxReplicas: 5, requestsPerSecond: 100 } })).toEqual([
      'services.api.autoscaling.requestsPerSecond: needs the custom metrics API, which the cluster does not serve; with a metric it cannot read the autoscaler never scales down. Fix: install an adapter such as prometheus-adapter and set customMetricsApi, or remove requestsPerSecond',
    ]);
  });

  it('refuses a VPA that changes requests under an HPA on CPU or memory', () => {
    expect(withApi({ autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 }, verticalScaling: { mode: 'auto' } })).toEqual([
      "services.api.verticalScaling.mode: 'auto' changes the CPU and memory requests the horizontal autoscaler measures utilization against, so the two fight. Fix: use 'recommend', or scale horizontally on requestsPerSecond only",
    ]);
  });

  it('refuses a ReadWriteOnce volume shared by several replicas', () => {
    expect(withApi({ persistentVolume: { mountPath: '/data', size: '20Gi' } })).toContain(
      "services.api.persistentVolume.accessMode: ReadWriteOnce attaches the volume to one node in one zone, so replicas on other nodes never start (Multi-Attach error). Fix: run a single replica without autoscaling, use a ReadWriteMany storage class (EFS), or keep the data in S3",
    );
    expect(withApi({ replicas: 1, maxSurge: 0, maxUnavailable: 1, persistentVolume: { mountPath: '/data', size: '20Gi' } })).toEqual([]);
  });

  it('refuses a disruption budget that blocks every drain', () => {
    expect(withApi({ minAvailable: 3 })).toEqual([
      'services.api.minAvailable: 3 pods of at least 3 leaves no pod to evict, so node drains and upgrades block. Fix: use at most 2, or run more replicas',
    ]);
  });

  it('refuses database access without database CIDRs, and config keys that cannot be variables', () => {
    expect(messages([{ ...API, network: { database: true } }], { databaseReachable: false })).toEqual([
      'services.api.network.database: needs the database CIDRs, which were not given. Fix: pass databaseCidrs, or set network.database to false',
    ]);
    expect(withApi({ config: { data: { 'config.yaml': 'a: 1' } } })).toEqual([
      "services.api.config.data: 'config.yaml' becomes an environment variable but is not a variable name. Fix: set config.mountPath to mount the entries as files, or rename the key",
    ]);
  });

  it('refuses connection variables the platform sets for database and cache users', () => {
    expect(withApi({ network: { database: true }, env: { DATABASE_URL: 'postgresql://app:pw@db/app' }, secrets: { AWS_REGION: { secretName: 'novel-engine/jwt-secret-key' } } })).toEqual([
      'services.api.env.DATABASE_URL: is set by the platform for database and cache users (IAM authentication, no password). Fix: remove DATABASE_URL; the platform sets it from the data stack',
      'services.api.secrets.AWS_REGION: is set by the platform for database and cache users (IAM authentication, no password). Fix: remove AWS_REGION; the platform sets it from the data stack',
    ]);
    expect(withApi({ env: { REDIS_URL: 'redis://cache:6379' } })).toEqual([]);
  });

  it('takes a DATABASE_URL secret in place of the platform’s URL, and refuses one the NetworkPolicy would keep from PostgreSQL', () => {
    const secretUrl = { DATABASE_URL: { secretName: 'novel-engine/jwt-secret-key' } };
    expect(withApi({ network: { database: true }, secrets: secretUrl })).toEqual([]);
    expect(withApi({ secrets: secretUrl })).toEqual([
      'services.api.secrets.DATABASE_URL: points at PostgreSQL, but the NetworkPolicy lets the pods reach it only with network.database. Fix: set network.database: true',
    ]);
  });

  it('refuses running as root', () => {
    expect(withApi({ security: { runAsUser: 0 } })).toEqual(['services.api.security.runAsUser: 0 is root or not an id. Fix: run as a non-root numeric id such as 1001']);
  });

  it('refuses images from repositories the environment does not have', () => {
    expect(messages([API], { imageRepositories: ['novel-engine/backend'] })).toEqual([
      "services.api.imageRepository: 'shop/api' is not one of the ECR repositories (novel-engine/backend). Fix: add it to cluster.ecrRepositories",
    ]);
  });
});
