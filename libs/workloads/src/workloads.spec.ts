import { synthJson } from '@platform/terraform-testing';
import { MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES } from './catalogs';
import { Json, TEST_ALB, TEST_ENVIRONMENT, testRoleArns } from './private/testing';
import { ServiceSpecError } from './validate-service-specs';
import { Workloads, WorkloadsProps } from './workloads';

const NOVEL_ENGINE: WorkloadsProps = {
  ...TEST_ENVIRONMENT,
  namespace: 'novel-engine',
  services: NOVEL_ENGINE_SERVICES,
  hosts: { api: 'api.novelengine.com', web: 'app.novelengine.com' },
  alb: TEST_ALB,
  imageRepositories: ['novel-engine/backend', 'novel-engine/frontend', 'storymagic/api', 'kgas/api'],
  serviceAccountRoleArns: testRoleArns(NOVEL_ENGINE_SERVICES),
};

const build = (props: Partial<WorkloadsProps> = {}) => synthJson((scope) => new Workloads(scope, 'Workloads', { ...NOVEL_ENGINE, ...props }));

describe('Workloads', () => {
  const json = build();

  it('creates every object of each Novel Engine service, keyed by service name', () => {
    const deployments = json.resources('kubernetes_deployment_v1');
    expect(deployments.map(({ logicalId }) => logicalId.split('_')[1])).toEqual(['novel-engine-backend', 'novel-engine-frontend']);
    // Seed 003's canary: each routed service has a canary Service beside its stable one.
    expect(json.resources('kubernetes_service_v1').map((service: Json) => service.metadata.name)).toEqual([
      'novel-engine-backend-canary',
      'novel-engine-backend',
      'novel-engine-frontend-canary',
      'novel-engine-frontend',
    ]);
    expect(json.resources('kubernetes_network_policy_v1')).toHaveLength(2);
    expect(json.resources('kubernetes_pod_disruption_budget_v1').map((pdb: Json) => [pdb.metadata.name, pdb.spec.min_available])).toEqual([
      ['novel-engine-backend', '2'],
      ['novel-engine-frontend', '2'],
    ]);
    expect(json.resources('kubernetes_manifest').map((manifest: Json) => `${manifest.manifest.kind}/${manifest.manifest.metadata.name}`)).toEqual([
      'ExternalSecret/novel-engine-backend-secrets',
      'Rollout/novel-engine-backend',
      'AnalysisTemplate/novel-engine-backend-release',
      'ServiceMonitor/novel-engine-backend',
      'VerticalPodAutoscaler/novel-engine-backend',
      'Rollout/novel-engine-frontend',
      'VerticalPodAutoscaler/novel-engine-frontend',
    ]);
  });

  it('runs the frontend as nginx user 101 on port 80 with its seed probes and resources', () => {
    const frontend: Json = json.resource('kubernetes_deployment_v1', 'novel-engine-frontend');
    const [container] = frontend.spec.template.spec.container;
    expect(frontend.spec.replicas).toBe('3');
    // React reads REACT_APP_* when the image is built; the container gets none.
    expect(container.env ?? []).not.toContainEqual(expect.objectContaining({ name: expect.stringMatching(/^REACT_APP_/) }));
    expect(frontend.spec.template.spec.security_context).toMatchObject({ run_as_user: '101', fs_group: '101', run_as_non_root: true });
    expect(container.port).toEqual([{ name: 'http', container_port: 80, protocol: 'TCP' }]);
    // Non-root nginx can bind 80 only through the pod sysctl: a NET_BIND_SERVICE capability would not reach user 101.
    expect(frontend.spec.template.spec.security_context.sysctl).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(container.security_context.capabilities).toEqual({ drop: ['ALL'] });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.liveness_probe).toMatchObject({ http_get: { path: '/health', port: '80' }, initial_delay_seconds: 30, period_seconds: 10 });
    expect(container.readiness_probe).toMatchObject({ http_get: { path: '/health', port: '80' }, initial_delay_seconds: 5, period_seconds: 5 });
  });

  it('creates one Ingress per host, each routed to its service', () => {
    const ingresses = json.resources('kubernetes_ingress_v1') as Json[];
    expect(ingresses.map((ingress) => [ingress.metadata.name, ingress.spec.rule[0].host, ingress.spec.rule[0].http.path[0].backend.service.name])).toEqual([
      ['api', 'api.novelengine.com', 'novel-engine-backend'],
      ['web', 'app.novelengine.com', 'novel-engine-frontend'],
    ]);
  });

  it('fails with every problem of every service at once', () => {
    const broken = NOVEL_ENGINE_SERVICES.map((spec) => ({ ...spec, probes: {} }));
    let error: ServiceSpecError | undefined;
    try {
      build({ services: broken, imageTag: 'latest', knownSecrets: ['novel-engine/jwt-secret-key'] });
    } catch (thrown) {
      error = thrown as ServiceSpecError;
    }
    expect(error).toBeInstanceOf(ServiceSpecError);
    expect(error!.message).toMatch(/^stack\/Workloads: 5 problem\(s\) in the service specs:\n/);
    expect(error!.problems.map((problem) => problem.field)).toEqual([
      'services.novel-engine-backend.imageTag (from the environment)',
      'services.novel-engine-backend.probes.readiness',
      'services.novel-engine-backend.secrets.GEMINI_API_KEY',
      'services.novel-engine-frontend.imageTag (from the environment)',
      'services.novel-engine-frontend.probes.readiness',
    ]);
  });

  it('requires a role for every service with IAM statements, and no role for unknown services', () => {
    const withIam = NOVEL_ENGINE_SERVICES.map((spec, index) => (index === 0 ? { ...spec, iamStatements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::novel-engine-storage/*'] }] } : spec));
    expect(() => build({ services: withIam, serviceAccountRoleArns: { worker: 'arn:aws:iam::123456789012:role/worker' } })).toThrow(
      /serviceAccountRoleArns\.worker: names no service\. .*\n.*serviceAccountRoleArns\.novel-engine-backend: is missing, but the service declares iamStatements/,
    );
  });

  it('requires the shared ALB and its subnets when a service has routes', () => {
    expect(() => build({ alb: undefined })).toThrow(/alb: is missing, and novel-engine-backend, novel-engine-frontend have routes\. Fix: pass the environment's shared ALB/);
    expect(() => build({ loadBalancerCidrs: [] })).toThrow(/loadBalancerCidrs: is empty, so the ALB could not reach novel-engine-backend, novel-engine-frontend\. Fix: pass the public subnets' CIDRs/);
  });

  it('requires a role for every database or cache user, which connects with IAM authentication', () => {
    expect(() => build({ serviceAccountRoleArns: {} })).toThrow(
      'serviceAccountRoleArns.novel-engine-backend: is missing, but the service uses the database or cache with IAM authentication, so it would run without AWS credentials',
    );
    const backend: Json = json.resource('kubernetes_service_account_v1', 'novel-engine-backend');
    expect(backend.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/platform-production-novel-engine-backend' });
  });

  it('deploys the seed 002 set with its callers and routes', () => {
    const microservices = build({
      services: MICROSERVICES_CATALOG,
      serviceAccountRoleArns: testRoleArns(MICROSERVICES_CATALOG),
      hosts: { services: 'services.example.com' },
      imageRepositories: undefined,
    });
    expect(microservices.resources('kubernetes_horizontal_pod_autoscaler_v2')).toHaveLength(5);
    const [ingress] = microservices.resources('kubernetes_ingress_v1') as Json[];
    expect(ingress.spec.rule[0].http.path.map((path: Json) => [path.path, path.backend.service.name])).toEqual([
      ['/', 'api-gateway'],
      ['/api/v1/auth', 'auth-service'],
      ['/api/v1/users', 'user-service'],
    ]);
    const gateway: Json = microservices.resource('kubernetes_network_policy_v1', 'api-gateway');
    expect(gateway.spec.egress.slice(1).map((rule: Json) => [rule.to[0].pod_selector.match_labels['app.kubernetes.io/name'], rule.ports[0].port])).toEqual([
      ['auth-service', '3001'],
      ['task-service', '3003'],
      ['user-service', '3002'],
    ]);
  });
});
