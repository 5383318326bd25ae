import { MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES, scaledForDevelopment, withAutoscalingRange } from './catalogs';
import { ServiceSpec } from './workload-spec';

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

  it('route Novel Engine on api and web and the microservices on services, so both run in one environment', () => {
    const hostKeys = (specs: readonly ServiceSpec[]) => [...new Set(specs.flatMap((spec) => (spec.routes ?? []).map((route) => route.host)))];
    expect(hostKeys(NOVEL_ENGINE_SERVICES)).toEqual(['api', 'web']);
    expect(hostKeys(MICROSERVICES_CATALOG)).toEqual(['services']);
    const routes = [...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG].flatMap((spec) => (spec.routes ?? []).flatMap((route) => (route.paths ?? ['/']).map((path) => `${route.host} ${path}`)));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('autoscale the microservices on CPU and memory only: the cluster serves no custom metrics API for the seed’s requests per second', () => {
    expect(MICROSERVICES_CATALOG.map((spec) => spec.autoscaling?.requestsPerSecond)).toEqual(Array(5).fill(undefined));
    expect(MICROSERVICES_CATALOG.map((spec) => [spec.autoscaling?.cpuUtilization, spec.autoscaling?.memoryUtilization])).toEqual(Array(5).fill([70, 80]));
  });

  it('give database and cache users no connection secrets: the platform sets IAM-authenticated URLs', () => {
    const users = [...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG].filter((spec) => spec.network?.database || spec.network?.cache);
    expect(users.map((spec) => spec.name)).toEqual(['novel-engine-backend', 'auth-service', 'user-service', 'task-service']);
    for (const spec of users) expect(Object.keys(spec.secrets ?? {})).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
    for (const spec of users) expect(Object.keys(spec.secrets ?? {})).not.toEqual(expect.arrayContaining(['REDIS_URL']));
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
