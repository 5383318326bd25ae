import type { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import { configIssues, configIssuesUnder, exampleEcsEnvironment, exampleEnvironment, exampleSafetyViolationAlarm, issueCodesUnder, issueMatching } from './testing';

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

  it('looks for EKS settings only where the file has them: not in a file that is no object, nor under a block that is missing or null', () => {
    const eksSettingsIn = (input: unknown) => configIssues(input).filter((issue) => issue.includes('is an EKS setting'));
    expect(eksSettingsIn(null)).toEqual([]);
    expect(eksSettingsIn(undefined)).toEqual([]);
    const { observability: _observability, ...withoutObservability } = exampleEcsEnvironment();
    expect(() => loadEnvironment(withoutObservability)).not.toThrow();
    expect(configIssues({ ...withoutObservability, observability: null })).toEqual([expect.stringMatching(/^observability: /)]);
  });

  it('refuses ECS services in an EKS environment', () => {
    expect(configIssues(exampleEnvironment(api({})))).toContainEqual(expect.stringMatching(/^ecs: is read only when compute is 'ecs'\. Fix: remove ecs, or set compute: 'ecs'/));
  });

  it('accepts the seed 003 development size, 0.5 vCPU / 1 GB', () => {
    expect(loadEnvironment(exampleEcsEnvironment(api({ cpu: 512, memoryMiB: 1024, desiredCount: 1 }))).ecs?.services.api).toMatchObject({ cpu: 512, memoryMiB: 1024 });
  });
});

describe('ECS services at their thresholds', () => {
  /** Issues under `prefix` of an ECS environment with these overrides; [] when it loads. */
  const issuesUnder = (prefix: string, overrides: Partial<EnvironmentInput>) => configIssuesUnder(exampleEcsEnvironment(overrides), prefix);

  it.each([
    [{ minCapacity: 2, desiredCount: 2, maxCapacity: 2 }, []],
    [{ minCapacity: 2, desiredCount: 4, maxCapacity: 4 }, []],
    // An upside-down range leaves no count within it: both are reported.
    [
      { minCapacity: 3, desiredCount: 2, maxCapacity: 2 },
      [
        'ecs.services.api.maxCapacity: 2 is below minCapacity 3. Fix: raise maxCapacity to at least 3',
        'ecs.services.api.desiredCount: 2 is outside the autoscaling range 3–2. Fix: choose a count within it, or widen minCapacity/maxCapacity',
      ],
    ],
    [{ minCapacity: 2, desiredCount: 1, maxCapacity: 4 }, ['ecs.services.api.desiredCount: 1 is outside the autoscaling range 2–4. Fix: choose a count within it, or widen minCapacity/maxCapacity']],
    [{ minCapacity: 2, desiredCount: 5, maxCapacity: 4 }, ['ecs.services.api.desiredCount: 5 is outside the autoscaling range 2–4. Fix: choose a count within it, or widen minCapacity/maxCapacity']],
  ])('capacity %o: %p', (capacity, expected) => {
    expect(issuesUnder('ecs.services.api.', api(capacity))).toEqual(expected);
  });

  it.each([
    ['latest', ["ecs.services.api.imageTag: 'latest' is not reproducible: a new task could run another build. Fix: use the tag CI built (a version or commit id), or remove imageTag to take TF_VAR_image_tag"]],
    ['latest-1.4.2', []],
  ])('image tag %s: %p', (imageTag, expected) => {
    expect(issuesUnder('ecs.services.api.imageTag', api({ imageTag }))).toEqual(expected);
  });

  it('refuses a variable that is also a secret, and only that one', () => {
    const service = { environment: { NODE_ENV: 'production', FIREBASE_CONFIG: 'x' }, secrets: { FIREBASE_CONFIG: 'storymagic/firebase-config' } };
    expect(issuesUnder('ecs.services.api.environment', api(service))).toEqual([
      "ecs.services.api.environment.FIREBASE_CONFIG: 'FIREBASE_CONFIG' is both a plain variable and a secret. Fix: keep it in secrets only",
    ]);
  });

  it('refuses a credential-looking variable by its name, and accepts others', () => {
    expect(issuesUnder('ecs.services.api.environment', api({ environment: { NODE_ENV: 'production', DB_PASSWORD: 'x' } }))).toEqual([
      "ecs.services.api.environment.DB_PASSWORD: 'DB_PASSWORD' looks like a credential, and a plain variable is readable by anyone who may describe the task definition. Fix: put the value in a Secrets Manager secret listed in data.secrets and write secrets: { DB_PASSWORD: '<secret name>' }",
    ]);
  });

  it.each<[string, Partial<EnvironmentInput>, string]>([
    ['dnsZoneName', { dnsZoneName: undefined }, 'dnsZoneName'],
    ['dnsZoneId', { dnsZoneId: undefined }, 'dnsZoneId'],
    ['both', { dnsZoneName: undefined, dnsZoneId: undefined }, 'dnsZoneName'],
  ])('without %s, reports the first missing zone setting', (_, overrides, field) => {
    expect(issuesUnder('dnsZone', overrides)).toEqual([
      `${field}: is required for ECS services: their HTTPS certificate is validated and their name published in this zone. Fix: set dnsZoneName and dnsZoneId`,
    ]);
  });

  it('refuses a host name another service has, naming that service', () => {
    const services = { api: { repository: 'storymagic/api' }, worker: { repository: 'storymagic/worker', hostname: 'worker' }, admin: { repository: 'storymagic/admin' } };
    expect(issuesUnder('ecs.services', { ecs: { services } })).toEqual([
      "ecs.services.admin.hostname: 'api' is already the hostname of service 'api'. Fix: give each service its own hostname",
    ]);
  });

  it('needs at least one service', () => {
    expect(issuesUnder('ecs', { ecs: { services: {} } })).toEqual(['ecs.services: needs at least one service. Fix: declare one, e.g. services: { api: { repository: ... } }']);
  });

  it('reports EKS settings only in an ECS environment', () => {
    expect(() => loadEnvironment(exampleEnvironment({ workloads: { catalogs: ['novel-engine'] } }))).not.toThrow();
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

describe('ECS service refinements', () => {
  it("are reported as zod's custom issues", () => {
    const input = exampleEcsEnvironment(api({ imageTag: 'latest', environment: { DB_PASSWORD: 'x', FIREBASE_CONFIG: 'y' }, secrets: { FIREBASE_CONFIG: 'storymagic/firebase-config' } }));
    expect(configIssues(input)).toHaveLength(3);
    expect(issueCodesUnder(input, 'ecs.services.api')).toEqual(['custom']);
  });
});
