import { synthJson } from '@platform/terraform-testing';
import { ApplicationService, ApplicationServiceProps } from './application-service';
import { KGAS_SERVICES, MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES, SEED_002_REQUESTS_PER_SECOND } from './catalogs';
import { Json, resourceOf, TEST_ENVIRONMENT } from './private/testing';
import { COMPUTE_INTENSIVE_PLACEMENT, ServiceSpec } from './workload-spec';

const [BACKEND] = NOVEL_ENGINE_SERVICES;
const AUTH = MICROSERVICES_CATALOG.find((spec) => spec.name === 'auth-service')!;
const PEERS = { 'api-gateway': 3000, 'user-service': 3002, 'task-service': 3003 };

function synth(spec: ServiceSpec, props: Partial<ApplicationServiceProps> = {}) {
  const json = synthJson((scope) => new ApplicationService(scope, spec.name, { ...TEST_ENVIRONMENT, spec, ...props }));
  const of = (type: string, id: string): Json => resourceOf(json, type, spec.name, id);
  return { json, of };
}

const BACKEND_ROLE = 'arn:aws:iam::123456789012:role/platform-production-novel-engine-backend';

describe('ApplicationService: Novel Engine backend (seed 000)', () => {
  const { json, of } = synth(BACKEND, { serviceAccountRoleArn: BACKEND_ROLE });
  const deployment = of('kubernetes_deployment_v1', 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.container;

  it('runs 3 replicas of the ECR image with a surge-only rolling update', () => {
    expect(deployment.metadata).toMatchObject({ name: 'novel-engine-backend', namespace: 'apps' });
    expect(deployment.spec).toMatchObject({
      replicas: '3',
      selector: { match_labels: { 'app.kubernetes.io/name': 'novel-engine-backend' } },
      strategy: { type: 'RollingUpdate', rolling_update: { max_surge: '1', max_unavailable: '0' } },
    });
    expect(container.image).toBe('123456789012.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/backend:3f2c1ab');
    expect(container.port).toEqual([{ name: 'http', container_port: 8000, protocol: 'TCP' }]);
    // The HPA owns the replica count once the Deployment exists.
    expect(deployment.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
  });

  it('has the seed probes and resources', () => {
    expect(container.liveness_probe).toEqual({ http_get: { path: '/health', port: '8000' }, initial_delay_seconds: 30, period_seconds: 10, timeout_seconds: 5, failure_threshold: 3 });
    expect(container.readiness_probe).toEqual({ http_get: { path: '/ready', port: '8000' }, initial_delay_seconds: 5, period_seconds: 5, timeout_seconds: 3, failure_threshold: 3 });
    expect(container.startup_probe).toBeUndefined();
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  it('runs as 1001 with a read-only root filesystem, no capabilities, no escalation and RuntimeDefault seccomp', () => {
    expect(pod.security_context).toEqual({
      run_as_non_root: true,
      run_as_user: '1001',
      run_as_group: '1001',
      fs_group: '1001',
      fs_group_change_policy: 'OnRootMismatch',
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    expect(container.security_context).toEqual({
      allow_privilege_escalation: false,
      privileged: false,
      read_only_root_filesystem: true,
      run_as_non_root: true,
      capabilities: { drop: ['ALL'] },
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    expect(pod.automount_service_account_token).toBe(false);
  });

  it('mounts /tmp and /app/data as size-limited scratch directories', () => {
    expect(container.volume_mount).toEqual([
      { name: 'writable-tmp', mount_path: '/tmp' },
      { name: 'writable-app-data', mount_path: '/app/data' },
    ]);
    expect(pod.volume).toEqual([
      { name: 'writable-tmp', empty_dir: { size_limit: '1Gi' } },
      { name: 'writable-app-data', empty_dir: { size_limit: '10Gi' } },
    ]);
  });

  it('spreads pods over zones and nodes without ever leaving them pending', () => {
    expect(pod.topology_spread_constraint.map((c: Json) => [c.topology_key, c.when_unsatisfiable, c.max_skew])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 1],
    ]);
    expect(pod.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution[0]).toMatchObject({
      weight: 100,
      pod_affinity_term: { topology_key: 'kubernetes.io/hostname', label_selector: [{ match_labels: { 'app.kubernetes.io/name': 'novel-engine-backend' } }] },
    });
  });

  it('reads the two API secrets from Secrets Manager through an ExternalSecret, never their values', () => {
    const externalSecret = of('kubernetes_manifest', 'ExternalSecret');
    expect(externalSecret.manifest.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'novel-engine-backend-secrets', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'GEMINI_API_KEY', remoteRef: { key: 'platform/production/novel-engine/gemini-api-key' } },
        { secretKey: 'JWT_SECRET_KEY', remoteRef: { key: 'platform/production/novel-engine/jwt-secret-key' } },
      ],
    });
    expect(externalSecret.wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
    expect(container.env).toContainEqual({ name: 'JWT_SECRET_KEY', value_from: { secret_key_ref: { name: 'novel-engine-backend-secrets', key: 'JWT_SECRET_KEY' } } });
    expect(json.resources('kubernetes_secret_v1')).toEqual([]);
    expect(deployment.depends_on).toContain(`kubernetes_manifest.${externalSecret.logicalId}`);
  });

  it('connects to PostgreSQL and Redis as IAM-authenticated users: plain URLs without passwords, TLS verified', () => {
    expect(container.env.filter((variable: Json) => variable.value !== undefined)).toEqual([
      { name: 'AWS_REGION', value: 'eu-central-1' },
      { name: 'DATABASE_IAM_AUTH', value: 'true' },
      { name: 'DATABASE_URL', value: 'postgresql://app@platform-production.abc123.eu-central-1.rds.amazonaws.com:5432/app?sslmode=verify-full' },
      { name: 'REDIS_IAM_AUTH', value: 'true' },
      { name: 'REDIS_URL', value: 'rediss://platform-production-app@master.platform-production.abc123.euc1.cache.amazonaws.com:6379' },
    ]);
  });

  it('exposes port 80, and its metrics on 8000, on a ClusterIP Service', () => {
    expect(of('kubernetes_service_v1', 'Service').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'novel-engine-backend' },
      port: [
        { name: 'http', port: 80, target_port: '8000', protocol: 'TCP' },
        { name: 'metrics', port: 8000, target_port: '8000', protocol: 'TCP' },
      ],
    });
  });

  it('names its ALB target group’s health check: the readiness path on the traffic port', () => {
    expect(of('kubernetes_service_v1', 'Service').metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
      'alb.ingress.kubernetes.io/success-codes': '200-399',
    });
  });

  it('is scraped by Prometheus at /metrics through a ServiceMonitor selecting its Service', () => {
    const monitor = of('kubernetes_manifest', 'ServiceMonitor');
    expect(monitor.manifest).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'novel-engine-backend', namespace: 'apps', labels: { 'app.kubernetes.io/name': 'novel-engine-backend', 'app.kubernetes.io/managed-by': 'terraform' } },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'novel-engine-backend' } }, endpoints: [expect.objectContaining({ port: 'metrics', path: '/metrics', scheme: 'http' })], podTargetLabels: ['rollouts-pod-template-hash'] },
    });
    expect(monitor.depends_on).toEqual([expect.stringMatching(/^kubernetes_service_v1\.novel-engine-backend_Service_/)]);
  });

  it('has a service account with its IRSA role (database and cache use IAM authentication) and no API token', () => {
    const account = of('kubernetes_service_account_v1', 'ServiceAccount');
    expect(account.metadata).toMatchObject({ name: 'novel-engine-backend', annotations: { 'eks.amazonaws.com/role-arn': BACKEND_ROLE } });
    expect(account.automount_service_account_token).toBe(false);
  });

  it('keeps 2 of 3 pods during drains', () => {
    expect(of('kubernetes_pod_disruption_budget_v1', 'DisruptionBudget').spec).toEqual({
      min_available: '2',
      selector: { match_labels: { 'app.kubernetes.io/name': 'novel-engine-backend' } },
    });
  });

  it('scales 3–20 replicas on CPU 70 % and memory 80 %, up by 100 % but at most 4 pods per 15 s, down by 10 % but at most one pod per 60 s (seed 001)', () => {
    const [hpa] = json.resources('kubernetes_horizontal_pod_autoscaler_v2') as Json[];
    expect(hpa.spec).toMatchObject({ min_replicas: 3, max_replicas: 20, scale_target_ref: { api_version: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'novel-engine-backend' } });
    expect(hpa.spec.metric.map((metric: Json) => [metric.resource.name, metric.resource.target.average_utilization])).toEqual([
      ['cpu', 70],
      ['memory', 80],
    ]);
    expect(hpa.spec.behavior.scale_up).toEqual([
      { select_policy: 'Min', policy: [{ type: 'Percent', value: 100, period_seconds: 15 }, { type: 'Pods', value: 4, period_seconds: 15 }] },
    ]);
    expect(hpa.spec.behavior.scale_down).toEqual([
      { select_policy: 'Min', policy: [{ type: 'Percent', value: 10, period_seconds: 60 }, { type: 'Pods', value: 1, period_seconds: 60 }] },
    ]);
  });

  it('only recommends requests (VPA updateMode Off) and has no PVC', () => {
    expect(of('kubernetes_manifest', 'VerticalAutoscaler').manifest.spec.updatePolicy).toEqual({ updateMode: 'Off' });
    expect(json.resources('kubernetes_persistent_volume_claim_v1')).toEqual([]);
  });

  it('accepts traffic only from the ALB’s subnets and Prometheus, and reaches DNS, the database, the cache, the VPC’s AWS endpoints and internet HTTPS', () => {
    const spec = of('kubernetes_network_policy_v1', 'NetworkPolicy').spec;
    expect(spec.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'novel-engine-backend' } });
    expect(spec.policy_types).toEqual(['Ingress', 'Egress']);
    expect(spec.ingress).toEqual([
      {
        from: [{ ip_block: { cidr: '10.0.0.0/23' } }, { ip_block: { cidr: '10.0.2.0/23' } }],
        ports: [{ port: '8000', protocol: 'TCP' }],
      },
      {
        from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: '8000', protocol: 'TCP' }],
      },
    ]);
    expect(spec.egress).toEqual([
      {
        to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: '53', protocol: 'UDP' },
          { port: '53', protocol: 'TCP' },
        ],
      },
      { to: [{ ip_block: { cidr: '10.0.64.0/24' } }, { ip_block: { cidr: '10.0.65.0/24' } }], ports: [{ port: '5432', protocol: 'TCP' }] },
      { to: [{ ip_block: { cidr: '10.0.66.0/24' } }], ports: [{ port: '6379', protocol: 'TCP' }] },
      { to: [{ ip_block: { cidr: '10.0.0.0/16' } }], ports: [{ port: '443', protocol: 'TCP' }] },
      { to: [{ ip_block: { cidr: '0.0.0.0/0', except: ['10.0.0.0/16'] } }], ports: [{ port: '443', protocol: 'TCP' }] },
    ]);
  });
});

describe('ApplicationService: auth-service (seed 002)', () => {
  // With the seed's requests-per-second metric, as where an adapter serves the custom metrics API.
  const withRequestRate = { ...AUTH, autoscaling: { ...AUTH.autoscaling!, requestsPerSecond: SEED_002_REQUESTS_PER_SECOND } };
  const { json, of } = synth(withRequestRate, { peerContainerPorts: PEERS, customMetricsApi: true });
  const deployment = of('kubernetes_deployment_v1', 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.container;

  it('scales 2–10 on CPU 70 %, memory 80 % and 100 requests per second, with the seed behaviour', () => {
    const hpa = of('kubernetes_horizontal_pod_autoscaler_v2', 'Autoscaler').spec;
    expect(hpa).toMatchObject({ min_replicas: 2, max_replicas: 10, scale_target_ref: { api_version: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'auth-service' } });
    expect(hpa.metric).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', average_utilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', average_value: '100' } } },
    ]);
    expect(hpa.behavior).toEqual({
      scale_down: [{ stabilization_window_seconds: 300, select_policy: 'Max', policy: [{ type: 'Percent', value: 50, period_seconds: 60 }] }],
      scale_up: [
        {
          stabilization_window_seconds: 60,
          select_policy: 'Max',
          policy: [
            { type: 'Percent', value: 100, period_seconds: 60 },
            { type: 'Pods', value: 2, period_seconds: 60 },
          ],
        },
      ],
    });
  });

  it('leaves the replica count to the autoscaler after the first apply', () => {
    expect(deployment.spec.replicas).toBe('3');
    expect(deployment.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
    expect(deployment.spec.strategy.rolling_update).toEqual({ max_surge: '1', max_unavailable: '1' });
  });

  it('has the seed startup probe, config file mount and placement', () => {
    expect(container.startup_probe).toEqual({ http_get: { path: '/health', port: '3001' }, initial_delay_seconds: 10, period_seconds: 10, timeout_seconds: 5, failure_threshold: 30 });
    expect(container.volume_mount).toContainEqual({ name: 'config', mount_path: '/app/config', read_only: true });
    const configMap = of('kubernetes_config_map_v1', 'ConfigMap');
    expect(pod.volume).toContainEqual({ name: 'config', config_map: { name: json.ref(configMap, 'metadata[0].name') } });
    expect(configMap.data['config.yaml']).toContain('max_sessions: 5');
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(pod.node_selector).toEqual({ 'kubernetes.io/arch': 'amd64' });
    expect(pod.toleration).toEqual([{ key: 'app', operator: 'Equal', value: 'auth', effect: 'NoSchedule' }]);
  });

  it('recommends within the seed VPA bounds', () => {
    expect(of('kubernetes_manifest', 'VerticalAutoscaler').manifest.spec).toEqual({
      targetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'auth-service' },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: {
        containerPolicies: [{ containerName: 'auth-service', controlledResources: ['cpu', 'memory'], minAllowed: { cpu: '100m', memory: '128Mi' }, maxAllowed: { cpu: '1', memory: '2Gi' } }],
      },
    });
  });

  it('keeps one pod less than the autoscaler minimum during drains', () => {
    expect(of('kubernetes_pod_disruption_budget_v1', 'DisruptionBudget').spec.min_available).toBe('1');
  });

  it('accepts the api-gateway as caller', () => {
    expect(of('kubernetes_network_policy_v1', 'NetworkPolicy').spec.ingress).toContainEqual({
      from: [{ pod_selector: { match_expressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api-gateway'] }] } }],
      ports: [{ port: '3001', protocol: 'TCP' }],
    });
  });
});

describe('ApplicationService options', () => {
  const worker: ServiceSpec = {
    name: 'story-worker',
    imageRepository: 'storymagic/api',
    containerPort: 8080,
    metrics: { port: 9090, path: '/internal/metrics', interval: '30s' },
    replicas: 1,
    maxSurge: 0,
    maxUnavailable: 1,
    probes: { readiness: { path: '/ready' } },
    placement: COMPUTE_INTENSIVE_PLACEMENT,
    iamStatements: [{ sid: 'ReadAssets', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::assets/*'] }],
    persistentVolume: { mountPath: '/data', size: '20Gi' },
    verticalScaling: { mode: 'auto' },
    network: { calls: ['api-gateway'] },
  };
  const roleArn = 'arn:aws:iam::123456789012:role/platform-production-story-worker';
  const { json, of } = synth(worker, { serviceAccountRoleArn: roleArn, peerContainerPorts: PEERS });
  const pod = of('kubernetes_deployment_v1', 'Deployment').spec.template.spec;

  it('annotates the service account with the IRSA role', () => {
    expect(of('kubernetes_service_account_v1', 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
  });

  it('runs on the tainted spot node group', () => {
    expect(pod.node_selector).toEqual({ role: 'compute-intensive' });
    expect(pod.toleration).toEqual([{ key: 'workload', operator: 'Equal', value: 'ai-processing', effect: 'NoSchedule' }]);
  });

  it('claims a gp3 volume without waiting for a pod to bind it', () => {
    const claim = of('kubernetes_persistent_volume_claim_v1', 'VolumeClaim');
    expect(claim.spec).toEqual({ access_modes: ['ReadWriteOnce'], storage_class_name: 'gp3', resources: { requests: { storage: '20Gi' } } });
    expect(claim.wait_until_bound).toBe(false);
    expect(pod.volume).toContainEqual({ name: 'data', persistent_volume_claim: { claim_name: json.ref(claim, 'metadata[0].name') } });
  });

  it('serves metrics on their own port to the Prometheus pods only, and reaches the callee and AWS endpoints', () => {
    const policy = of('kubernetes_network_policy_v1', 'NetworkPolicy').spec;
    expect(policy.ingress).toEqual([
      {
        from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: '9090', protocol: 'TCP' }],
      },
    ]);
    expect(pod.container[0].port).toEqual([
      { name: 'http', container_port: 8080, protocol: 'TCP' },
      { name: 'metrics', container_port: 9090, protocol: 'TCP' },
    ]);
    expect(of('kubernetes_service_v1', 'Service').spec.port).toContainEqual({ name: 'metrics', port: 9090, target_port: '9090', protocol: 'TCP' });
    expect(of('kubernetes_manifest', 'ServiceMonitor').manifest.spec.endpoints).toEqual([{ port: 'metrics', path: '/internal/metrics', scheme: 'http', interval: '30s' }]);
    expect(policy.egress).toContainEqual({ to: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'api-gateway' } } }], ports: [{ port: '3000', protocol: 'TCP' }] });
    expect(policy.egress).toContainEqual({ to: [{ ip_block: { cidr: '10.0.0.0/16' } }], ports: [{ port: '443', protocol: 'TCP' }] });
  });

  it("maps verticalScaling 'auto' to updateMode Recreate and creates no budget for a single replica", () => {
    expect(of('kubernetes_manifest', 'VerticalAutoscaler').manifest.spec.updatePolicy).toEqual({ updateMode: 'Recreate' });
    expect(json.resources('kubernetes_pod_disruption_budget_v1')).toEqual([]);
  });

  it('names the construct path, field and fix for invalid environment props', () => {
    const build = (props: Partial<ApplicationServiceProps>) => () => synth(worker, { serviceAccountRoleArn: roleArn, peerContainerPorts: PEERS, ...props });
    expect(build({ vpcCidr: undefined })).toThrow('story-worker: vpcCidr: is needed by services.story-worker, which calls AWS APIs over HTTPS. Fix: pass the VPC CIDR');
    expect(build({ serviceAccountRoleArn: 'story-worker-role' })).toThrow("serviceAccountRoleArn: 'story-worker-role' is not an IAM role ARN");
    expect(build({ databaseCidrs: ['10.0.64.0/33'] })).toThrow("databaseCidrs: '10.0.64.0/33' is not an IPv4 CIDR");
    expect(build({ imageRegistry: 'docker.io' })).toThrow("imageRegistry: 'docker.io' is not an ECR registry host");
  });

  it('throws every spec problem of the service at once', () => {
    expect(() => synth({ ...worker, imageTag: 'latest', probes: {} }, { serviceAccountRoleArn: roleArn, peerContainerPorts: PEERS })).toThrow(
      /story-worker: 2 problem\(s\) in the service specs:\n {2}- services\.story-worker\.imageTag: is 'latest'.*\n {2}- services\.story-worker\.probes\.readiness: is missing/,
    );
  });
});

describe('ApplicationService: IRSA role and AWS endpoints', () => {
  const cacheUser: ServiceSpec = {
    name: 'session-store',
    imageRepository: 'shop/sessions',
    containerPort: 8080,
    probes: { readiness: { path: '/ready' } },
    network: { database: true, cache: true },
  };
  const roleArn = 'arn:aws:iam::123456789012:role/platform-production-session-store';
  const vpcHttps = { to: [{ ip_block: { cidr: '10.0.0.0/16' } }], ports: [{ port: '443', protocol: 'TCP' }] };
  const egressOf = (spec: ServiceSpec, props: Partial<ApplicationServiceProps> = {}) => synth(spec, props).of('kubernetes_network_policy_v1', 'NetworkPolicy').spec.egress as Json[];
  const https = (egress: Json[]) => egress.filter((rule) => rule.ports.some((port: Json) => port.port === '443'));

  it('lets a database and cache user with a role and no internet HTTPS reach the VPC’s interface endpoints (STS) on 443, and nothing else on 443', () => {
    const egress = egressOf(cacheUser, { serviceAccountRoleArn: roleArn });
    expect(https(egress)).toEqual([vpcHttps]);
  });

  it('gives a role, without IAM statements, to a service that only uses the database', () => {
    const { of } = synth({ ...cacheUser, network: { database: true } }, { serviceAccountRoleArn: roleArn });
    expect(of('kubernetes_service_account_v1', 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
  });

  it('lets a service without role or internet HTTPS reach nothing on 443', () => {
    const [, frontend] = NOVEL_ENGINE_SERVICES;
    expect(https(egressOf(frontend))).toEqual([]);
  });

  it('gives a database-only user the database variables and no Redis ones', () => {
    const { of } = synth({ ...cacheUser, network: { database: true } }, { serviceAccountRoleArn: roleArn });
    const env = of('kubernetes_deployment_v1', 'Deployment').spec.template.spec.container[0].env as Json[];
    expect(env.map((variable) => variable.name)).toEqual(['AWS_REGION', 'DATABASE_IAM_AUTH', 'DATABASE_URL']);
  });

  describe('a database user with its own DATABASE_URL secret (the KGAS API, seed 004)', () => {
    const [kgas] = KGAS_SERVICES;
    const { of } = synth(kgas);
    const pod = of('kubernetes_deployment_v1', 'Deployment').spec.template.spec;

    it('reads DATABASE_URL from the synced Secret and gets none of the platform’s IAM authentication variables', () => {
      expect(pod.container[0].env).toEqual([{ name: 'DATABASE_URL', value_from: { secret_key_ref: { name: 'kgas-api-server-secrets', key: 'DATABASE_URL' } } }]);
      const externalSecret: Json = of('kubernetes_manifest', 'ExternalSecret').manifest;
      expect(externalSecret.spec.data).toEqual([{ secretKey: 'DATABASE_URL', remoteRef: { key: 'platform/production/kgas/database-url' } }]);
    });

    it('still reaches PostgreSQL on 5432, and has no role, so nothing on 443', () => {
      const egress = of('kubernetes_network_policy_v1', 'NetworkPolicy').spec.egress as Json[];
      expect(egress).toContainEqual({ to: [{ ip_block: { cidr: '10.0.64.0/24' } }, { ip_block: { cidr: '10.0.65.0/24' } }], ports: [{ port: '5432', protocol: 'TCP' }] });
      expect(https(egress)).toEqual([]);
      expect(of('kubernetes_service_account_v1', 'ServiceAccount').metadata.annotations).toEqual({});
      expect(() => synth(kgas, { serviceAccountRoleArn: roleArn })).toThrow(/serviceAccountRoleArn: is given but services.kgas-api-server/);
    });

    it('runs on the kgas-workers nodes: their label selected, their taint tolerated', () => {
      expect(pod.node_selector).toEqual({ role: 'kgas' });
      expect(pod.toleration).toEqual([{ key: 'workload', operator: 'Equal', value: 'kgas', effect: 'NoSchedule' }]);
    });
  });

  it('refuses a database or cache user without the data tier connection', () => {
    expect(() => synth(cacheUser, { serviceAccountRoleArn: roleArn, dataTier: { region: 'eu-central-1' } })).toThrow(
      "session-store: dataTier.database: is needed by services.session-store, which sets network.database. Fix: pass the data stack's PostgreSQL endpoint and application user",
    );
  });

  it('refuses a role for a service that needs none, and awsApis false for one that has a role', () => {
    const [, frontend] = NOVEL_ENGINE_SERVICES;
    expect(() => synth(frontend, { serviceAccountRoleArn: roleArn })).toThrow(
      'serviceAccountRoleArn: is given but services.novel-engine-frontend declares no iamStatements and uses neither the database nor the cache',
    );
    expect(() => synth({ ...cacheUser, network: { database: true, awsApis: false } }, { serviceAccountRoleArn: roleArn })).toThrow(
      "services.session-store.network.awsApis: is false, but the service has an IRSA role, whose credentials come from STS through the VPC's interface endpoint",
    );
  });
});

describe('ApplicationService: metrics and traces', () => {
  it('creates no ServiceMonitor where Prometheus does not run, and none for a service without metrics', () => {
    expect(synth(BACKEND, { serviceAccountRoleArn: BACKEND_ROLE, serviceMonitors: false }).json.resources('kubernetes_manifest').map((r: Json) => r.manifest.kind)).toEqual([
      'ExternalSecret',
      'Rollout',
      'AnalysisTemplate',
      'VerticalPodAutoscaler',
    ]);
    const { metrics: _metrics, delivery: _delivery, ...withoutMetrics } = AUTH;
    const plain = synth(withoutMetrics, { peerContainerPorts: PEERS, customMetricsApi: true, serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/platform-production-auth-service' });
    expect(plain.json.resources('kubernetes_manifest').map((r: Json) => r.manifest.kind)).not.toContain('ServiceMonitor');
    expect(plain.of('kubernetes_service_v1', 'Service').spec.port).toEqual([{ name: 'http', port: 80, target_port: '3001', protocol: 'TCP' }]);
  });

  it('sends traces to the OpenTelemetry Collector: egress to its pods on the OTLP ports, and its URL in OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const { of } = synth(BACKEND, {
      serviceAccountRoleArn: BACKEND_ROLE,
      otlpCollector: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'opentelemetry-collector' }, endpoint: 'http://collector.monitoring.svc.cluster.local:4318' },
    });
    expect(of('kubernetes_network_policy_v1', 'NetworkPolicy').spec.egress).toContainEqual({
      to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'opentelemetry-collector' } } }],
      ports: [
        { port: '4317', protocol: 'TCP' },
        { port: '4318', protocol: 'TCP' },
      ],
    });
    expect(of('kubernetes_deployment_v1', 'Deployment').spec.template.spec.container[0].env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://collector.monitoring.svc.cluster.local:4318' });
  });
});
