import { KGAS_DATABASE_URL_SECRET, KGAS_SERVICES, MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES, scaledForDevelopment, withAutoscalingRange } from './catalogs';
import { needsServiceAccountRole, podDisruptionMinAvailable, ServiceSpec, usesDatabaseIamAuthentication } from './workload-spec';

describe('catalogs', () => {
  it('hold the seed services', () => {
    expect(NOVEL_ENGINE_SERVICES.map((spec) => [spec.name, spec.imageRepository, spec.containerPort, spec.replicas])).toEqual([
      ['novel-engine-backend', 'novel-engine/backend', 8000, 3],
      ['novel-engine-frontend', 'novel-engine/frontend', 80, 3],
    ]);
    // Seed 001: both services autoscale, 3–20 in production.
    expect(NOVEL_ENGINE_SERVICES.map((spec) => [spec.autoscaling?.minReplicas, spec.autoscaling?.maxReplicas])).toEqual([
      [3, 20],
      [3, 20],
    ]);
    expect(NOVEL_ENGINE_SERVICES.flatMap((spec) => Object.keys(spec.env ?? {}))).not.toContainEqual(expect.stringMatching(/^REACT_APP_/));
    expect(MICROSERVICES_CATALOG.map((spec) => [spec.name, spec.containerPort, spec.replicas])).toEqual([
      ['api-gateway', 3000, 2],
      ['auth-service', 3001, 3],
      ['user-service', 3002, 5],
      ['task-service', 3003, 4],
      ['notification-service', 3004, 2],
    ]);
  });

  it('hold the KGAS API in seed 004’s figures, with HPA 2–20 on CPU 70 % and memory 80 % and a disruption budget', () => {
    const [api] = KGAS_SERVICES;
    expect(KGAS_SERVICES).toHaveLength(1);
    expect([api.name, api.imageRepository, api.imageTag, api.containerPort, api.replicas]).toEqual(['kgas-api-server', 'kgas/api', undefined, 8000, 3]);
    expect(api.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
    expect(api.autoscaling).toMatchObject({ minReplicas: 2, maxReplicas: 20, cpuUtilization: 70, memoryUtilization: 80 });
    expect(podDisruptionMinAvailable(api)).toBe(1);
    expect(api.metrics?.names).toEqual(['kgas_requests_total', 'kgas_request_duration_seconds', 'kgas_active_users']);
  });

  it('route Novel Engine on api and web, the microservices on services and KGAS on kgas, so all run in one environment', () => {
    const hostKeys = (specs: readonly ServiceSpec[]) => [...new Set(specs.flatMap((spec) => (spec.routes ?? []).map((route) => route.host)))];
    expect(hostKeys(NOVEL_ENGINE_SERVICES)).toEqual(['api', 'web']);
    expect(hostKeys(MICROSERVICES_CATALOG)).toEqual(['services']);
    expect(hostKeys(KGAS_SERVICES)).toEqual(['kgas']);
    const routes = [...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG, ...KGAS_SERVICES].flatMap((spec) => (spec.routes ?? []).flatMap((route) => (route.paths ?? ['/']).map((path) => `${route.host} ${path}`)));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('autoscale the microservices on CPU and memory only: the cluster serves no custom metrics API for the seed’s requests per second', () => {
    expect(MICROSERVICES_CATALOG.map((spec) => spec.autoscaling?.requestsPerSecond)).toEqual(Array(5).fill(undefined));
    expect(MICROSERVICES_CATALOG.map((spec) => [spec.autoscaling?.cpuUtilization, spec.autoscaling?.memoryUtilization])).toEqual(Array(5).fill([70, 80]));
  });

  it('give Novel Engine’s and the microservices’ database and cache users no connection secrets: the platform sets IAM-authenticated URLs', () => {
    const users = [...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG].filter((spec) => spec.network?.database || spec.network?.cache);
    expect(users.map((spec) => spec.name)).toEqual(['novel-engine-backend', 'auth-service', 'user-service', 'task-service']);
    for (const spec of users) expect(Object.keys(spec.secrets ?? {})).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
    for (const spec of users) expect(Object.keys(spec.secrets ?? {})).not.toEqual(expect.arrayContaining(['REDIS_URL']));
    expect(users.filter(usesDatabaseIamAuthentication).map((spec) => spec.name)).toEqual(['novel-engine-backend', 'auth-service', 'user-service', 'task-service']);
  });

  it('give the KGAS API its DATABASE_URL from the secret kgas/database-url (seed 004), so it logs in with that URL and has no IAM role', () => {
    const [api] = KGAS_SERVICES;
    expect(api.secrets).toEqual({ DATABASE_URL: { secretName: KGAS_DATABASE_URL_SECRET } });
    expect(KGAS_DATABASE_URL_SECRET).toBe('kgas/database-url');
    expect(api.network?.database).toBe(true);
    expect(usesDatabaseIamAuthentication(api)).toBe(false);
    expect(needsServiceAccountRole(api)).toBe(false);
  });

  it('run the KGAS API on the kgas-workers node group only: it selects the group’s label and tolerates its taint', () => {
    expect(KGAS_SERVICES[0].placement).toEqual({
      nodeSelector: { role: 'kgas' },
      tolerations: [{ key: 'workload', operator: 'Equal', value: 'kgas', effect: 'NoSchedule' }],
    });
  });
});

describe('scaledForDevelopment', () => {
  it('runs one replica of each service and lets autoscalers add one more', () => {
    const scaled = scaledForDevelopment(MICROSERVICES_CATALOG);
    expect(scaled.map((spec) => [spec.replicas, spec.autoscaling?.minReplicas, spec.autoscaling?.maxReplicas])).toEqual(Array(5).fill([1, 1, 2]));
    expect(scaledForDevelopment(NOVEL_ENGINE_SERVICES).map((spec) => spec.replicas)).toEqual([1, 1]);
  });

  it('drops explicit disruption budgets and keeps probes and resources', () => {
    const [scaled] = scaledForDevelopment([{ ...NOVEL_ENGINE_SERVICES[0], minAvailable: 2 }], { replicas: 2, maxReplicas: 4 });
    expect(scaled.minAvailable).toBeUndefined();
    expect(scaled.replicas).toBe(2);
    expect(scaled.probes).toBe(NOVEL_ENGINE_SERVICES[0].probes);
    expect(scaled.resources).toBe(NOVEL_ENGINE_SERVICES[0].resources);
  });
});

describe('withAutoscalingRange', () => {
  it('gives every autoscaler the range and moves the starting replicas into it (staging: 2–10)', () => {
    const ranged = withAutoscalingRange(NOVEL_ENGINE_SERVICES, { minReplicas: 2, maxReplicas: 10 });
    expect(ranged.map((spec) => [spec.replicas, spec.autoscaling?.minReplicas, spec.autoscaling?.maxReplicas])).toEqual([
      [3, 2, 10],
      [3, 2, 10],
    ]);
    expect(withAutoscalingRange(NOVEL_ENGINE_SERVICES, { minReplicas: 4, maxReplicas: 6 }).map((spec) => spec.replicas)).toEqual([4, 4]);
    expect(ranged[0].autoscaling?.scaleDown).toEqual(NOVEL_ENGINE_SERVICES[0].autoscaling?.scaleDown);
  });
});
