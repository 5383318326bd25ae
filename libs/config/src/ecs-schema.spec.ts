import type { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import { configIssues, exampleEcsEnvironment, exampleEnvironment, exampleSafetyViolationAlarm, issueMatching } from './testing';

const api = (overrides: object) => ({ ecs: { services: { api: { repository: 'storymagic/api', ...overrides } } } });

describe('compute choice', () => {
  it('runs on EKS unless the environment says ecs', () => {
    const environment = loadEnvironment(exampleEnvironment());
    expect(environment.compute).toBe('eks');
    expect(environment.ecs).toBeUndefined();
  });

  it('gives an ECS service the seed 003 production shape: 1 vCPU / 2 GB, 2 tasks scaled 1–4 on 70 % CPU and 80 % memory, port 3000, /health, blue/green', () => {
    const environment = loadEnvironment(exampleEcsEnvironment());
    expect(environment.ecs?.platformVersion).toBe('1.4.0');
    expect(environment.ecs?.services.api).toMatchObject({
      cpu: 1024,
      memoryMiB: 2048,
      desiredCount: 2,
      minCapacity: 1,
      maxCapacity: 4,
      cpuTargetPercent: 70,
      memoryTargetPercent: 80,
      containerPort: 3000,
      healthCheckPath: '/health',
      hostname: 'api',
      deployment: 'blue-green',
      executeCommand: false,
    });
  });

  it('turns off everything that would run in a cluster, and keeps the tracing rate for X-Ray', () => {
    const environment = loadEnvironment(exampleEcsEnvironment());
    expect(environment.workloads.enabled).toBe(false);
    expect(environment.observability.metrics.enabled).toBe(false);
    expect(environment.observability.logs.enabled).toBe(false);
    expect(environment.observability.tracing).toMatchObject({ enabled: true, samplingPercent: 10 });
  });

  it.each<[string, object, string | RegExp]>([
    ['an EKS setting in an ECS environment', { cluster: { adminRoleArns: [] } }, /^cluster: is an EKS setting, and this environment runs on ECS .*Fix: remove cluster, or set compute: 'eks'/],
    ['in-cluster metrics in an ECS environment', { observability: { metrics: { enabled: true } } }, /^observability\.metrics: is an EKS setting.*Fix: remove observability\.metrics/],
    ['the services catalog in an ECS environment', { workloads: { catalogs: ['novel-engine'] } }, /^workloads: is an EKS setting/],
    ['an ECS environment without services', { ecs: undefined }, /^ecs: is required when compute is 'ecs'\. Fix: declare ecs/],
    ['a CPU/memory pair Fargate does not offer', api({ cpu: 1024, memoryMiB: 1024 }), "ecs.services.api.memoryMiB: 1024 MiB is not offered by Fargate with cpu 1024. Fix: use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192"],
    ['a CPU size Fargate does not have', api({ cpu: 1000 }), /^ecs\.services\.api\.cpu: 1000 is not a CPU size Fargate offers\. Fix: use 256, 512, 1024/],
    ['the latest tag', api({ imageTag: 'latest' }), /^ecs\.services\.api\.imageTag: 'latest' is not reproducible.*Fix: use the tag CI built/],
    ['a credential as a plain variable', api({ environment: { OPENAI_API_KEY: 'sk-123' } }), /^ecs\.services\.api\.environment\.OPENAI_API_KEY: 'OPENAI_API_KEY' looks like a credential.*Fix: put the value in a Secrets Manager secret/],
    ['a secret that does not exist', api({ secrets: { FIREBASE_CONFIG: 'storymagic/firebase' } }), /^ecs\.services\.api\.secrets\.FIREBASE_CONFIG: 'storymagic\/firebase' is not one of data\.secrets/],
    ['a desired count outside the autoscaling range', api({ desiredCount: 6 }), /^ecs\.services\.api\.desiredCount: 6 is outside the autoscaling range 1–4\. Fix/],
    ['a LATEST platform version', { ecs: { platformVersion: 'LATEST', services: { api: { repository: 'storymagic/api' } } } }, /^ecs\.platformVersion: is not a pinned Fargate platform version .*Fix: write one such as '1\.4\.0'/],
    ['a privileged container port', api({ containerPort: 80 }), /^ecs\.services\.api\.containerPort: is below 1024.*Fix: write a port from 1024 to 65535/],
    ['no zone to validate the certificate in', { dnsZoneName: undefined }, /^dnsZoneName: is required for ECS services.*Fix: set dnsZoneName and dnsZoneId/],
  ])('refuses %s', (_case, overrides, expected) => {
    expect(configIssues(exampleEcsEnvironment(overrides))).toContainEqual(issueMatching(expected));
  });

  it('refuses ECS services in an EKS environment', () => {
    expect(configIssues(exampleEnvironment(api({})))).toContainEqual(expect.stringMatching(/^ecs: is read only when compute is 'ecs'\. Fix: remove ecs, or set compute: 'ecs'/));
  });

  it('accepts the seed 003 development size, 0.5 vCPU / 1 GB', () => {
    expect(loadEnvironment(exampleEcsEnvironment(api({ cpu: 512, memoryMiB: 1024, desiredCount: 1 }))).ecs?.services.api).toMatchObject({ cpu: 512, memoryMiB: 1024 });
  });
});

describe('GDPR allow-list of the CDN', () => {
  it('defaults to the 27 EU member states', () => {
    const { allowedCountries } = loadEnvironment(exampleEnvironment({ data: { cdn: { gdpr: true } } })).data.cdn;
    expect(allowedCountries).toHaveLength(27);
    expect(allowedCountries).toEqual(expect.arrayContaining(['DE', 'FR', 'IE']));
    expect(allowedCountries).not.toContain('GB');
  });

  it('refuses a country outside the EU/EEA, naming it', () => {
    expect(configIssues(exampleEnvironment({ data: { cdn: { gdpr: true, allowedCountries: ['DE', 'US'] } } }))).toContainEqual(
      expect.stringMatching(/^data\.cdn\.allowedCountries\.1: 'US' is outside the EU\/EEA, and gdpr: true limits the CDN.*Fix: remove 'US'/),
    );
  });

  it('accepts the other EEA states and, without gdpr, any country', () => {
    expect(loadEnvironment(exampleEnvironment({ data: { cdn: { gdpr: true, allowedCountries: ['NO', 'DE'] } } })).data.cdn.allowedCountries).toEqual(['NO', 'DE']);
    expect(loadEnvironment(exampleEnvironment({ data: { cdn: { allowedCountries: ['US'] } } })).data.cdn.allowedCountries).toEqual(['US']);
  });
});

describe('resource prefix', () => {
  it('does not repeat the project when the environment name starts with it', () => {
    expect(loadEnvironment(exampleEcsEnvironment()).resourcePrefix).toBe('storymagic-production');
    expect(loadEnvironment(exampleEnvironment()).resourcePrefix).toBe('platform-staging');
  });
});

describe('alarms on application metrics', () => {
  // Built as plain data, as an environment file's literal would be before validation.
  const alarm = (overrides: object) =>
    ({ observability: { cloudwatch: { metricAlarms: { 'safety-violations': { ...exampleSafetyViolationAlarm, ...overrides } } } } }) as unknown as Partial<EnvironmentInput>;

  it('accepts the seed 003 content-safety alarm, one period by default', () => {
    expect(loadEnvironment(exampleEcsEnvironment(alarm({}))).observability.cloudwatch.metricAlarms['safety-violations']).toMatchObject({ evaluationPeriods: 1, threshold: 0 });
  });

  it.each<[string, object, RegExp]>([
    ['an AWS namespace', { metric: { namespace: 'AWS/ECS', metricName: 'CPUUtilization', statistic: 'Average' } }, /^observability\.cloudwatch\.metricAlarms\.safety-violations\.metric\.namespace: is an AWS namespace/],
    ['a period CloudWatch does not evaluate', { periodSeconds: 90 }, /^observability\.cloudwatch\.metricAlarms\.safety-violations\.periodSeconds: is not a CloudWatch alarm period\. Fix: write 60 or a multiple of 60 seconds/],
    ['an unknown severity', { severity: 'urgent' }, /^observability\.cloudwatch\.metricAlarms\.safety-violations\.severity: is not a severity\. Fix: write one of/],
  ])('refuses %s', (_case, overrides, expected) => {
    expect(configIssues(exampleEcsEnvironment(alarm(overrides)))).toContainEqual(expect.stringMatching(expected));
  });
});

describe('the CDN’s own name', () => {
  it('is optional, and needs the zone it is validated and published in', () => {
    expect(loadEnvironment(exampleEnvironment({ data: { cdn: { hostname: 'app' } } })).data.cdn.hostname).toBe('app');
    expect(configIssues(exampleEnvironment({ dnsZoneId: undefined, data: { cdn: { hostname: 'app' } } }))).toContainEqual(
      expect.stringMatching(/^data\.cdn\.hostname: needs dnsZoneName and dnsZoneId.*Fix: set both, or remove hostname/),
    );
  });
});
