import { loadEnvironment } from './load-environment';
import { configIssues, configIssuesUnder, exampleEnvironment, issueMatching } from './testing';
import { checkWorkloads, defaultWorkloadHosts, deployedWorkloadServices, workloadServices, workloadsNamespace } from './workloads-schema';

describe('workloads settings', () => {
  it('run the Novel Engine services in the environment’s own namespace by default, with the tag from the image_tag variable', () => {
    const environment = loadEnvironment(exampleEnvironment());
    expect(environment.workloads).toEqual({ enabled: true, catalogs: ['novel-engine'], allowLatestTag: false, scaledDown: false });
    expect(workloadsNamespace(environment)).toBe('staging');
    expect(workloadServices(environment.workloads).map((service) => service.name)).toEqual(['novel-engine-backend', 'novel-engine-frontend']);
  });

  it('add the seed 002 services as a second catalog', () => {
    const environment = loadEnvironment(exampleEnvironment({ workloads: { catalogs: ['novel-engine', 'microservices'] } }));
    expect(workloadServices(environment.workloads).map((service) => service.name)).toContain('auth-service');
  });

  it('add the KGAS API (seed 004) as a catalog, on its own host kgas.<zone>, scaled 2–20 unless the environment sets a range', () => {
    const environment = loadEnvironment(exampleEnvironment({ workloads: { catalogs: ['novel-engine', 'kgas'] } }));
    expect(deployedWorkloadServices(environment.workloads).map((service) => [service.name, service.replicas, service.autoscaling?.minReplicas, service.autoscaling?.maxReplicas])).toEqual([
      ['novel-engine-backend', 3, 3, 20],
      ['novel-engine-frontend', 3, 3, 20],
      ['kgas-api-server', 3, 2, 20],
    ]);
    expect(defaultWorkloadHosts('staging.example.com')).toMatchObject({ kgas: 'kgas.staging.example.com', services: 'services.staging.example.com' });
  });

  it('refuse routed workloads without the AWS Load Balancer Controller, which makes their ALB', () => {
    expect(configIssues(exampleEnvironment({ cluster: { addons: { awsLoadBalancerController: false } } }))).toContainEqual(
      expect.stringMatching(/^cluster\.addons\.awsLoadBalancerController: is off, but the workloads have routes.*Fix: enable it, or set workloads\.enabled: false/),
    );
    expect(configIssues(exampleEnvironment({ workloads: { enabled: false }, cluster: { addons: { awsLoadBalancerController: false } } }))).not.toContainEqual(expect.stringMatching(/^cluster\.addons\.awsLoadBalancerController/));
  });

  it.each<[string, object, string | RegExp]>([
    ['the latest tag where releases must be reproducible', { imageTag: 'latest' }, /^workloads\.imageTag: 'latest' is not reproducible.*Fix: use the tag CI built/],
    ['an unknown catalog', { catalogs: ['wordpress'] }, /^workloads\.catalogs\.0: is not a catalog\. Fix: write one of novel-engine, microservices, kgas/],
    ['a tag with a space', { imageTag: 'v1 2' }, /^workloads\.imageTag: is not a Docker image tag\. Fix: /],
    ['an autoscaling range upside down', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /^workloads\.autoscaling\.maxReplicas: maxReplicas is below minReplicas\. Fix: raise maxReplicas/],
    ['no replica at all', { autoscaling: { minReplicas: 0, maxReplicas: 2 } }, /^workloads\.autoscaling\.minReplicas: is below 1\. Fix: write 1 or more/],
    ['a strategy for a service no catalog has', { delivery: { 'auth-service': 'canary' } }, /^workloads\.delivery\.auth-service: names no service of the catalogs novel-engine\. Fix: use one of novel-engine-backend, novel-engine-frontend/],
    ['an unknown strategy', { delivery: { 'novel-engine-backend': 'linear' } }, /^workloads\.delivery\.novel-engine-backend: is not a release strategy\. Fix: write rolling, canary or blueGreen/],
  ])('reject %s', (_case, workloads, expected) => {
    expect(configIssues(exampleEnvironment({ workloads }))).toContainEqual(issueMatching(expected));
  });

  it('release the seed services as canaries, roll them where scaled down, and take a strategy per service', () => {
    const strategies = (workloads: object) => deployedWorkloadServices(loadEnvironment(exampleEnvironment({ workloads })).workloads).map((service) => [service.name, service.delivery?.strategy ?? 'rolling']);
    expect(strategies({})).toEqual([
      ['novel-engine-backend', 'canary'],
      ['novel-engine-frontend', 'canary'],
    ]);
    expect(strategies({ scaledDown: true })).toEqual([
      ['novel-engine-backend', 'rolling'],
      ['novel-engine-frontend', 'rolling'],
    ]);
    expect(strategies({ delivery: { 'novel-engine-backend': 'blueGreen', 'novel-engine-frontend': 'rolling' } })).toEqual([
      ['novel-engine-backend', 'blueGreen'],
      ['novel-engine-frontend', 'rolling'],
    ]);
  });

  it('allow latest where the environment says so', () => {
    expect(loadEnvironment(exampleEnvironment({ workloads: { imageTag: 'latest', allowLatestTag: true } })).workloads.imageTag).toBe('latest');
  });

  describe('at their thresholds', () => {
    /** Issues under `prefix` of an environment with these overrides; [] when it loads. */
    const issuesUnder = (prefix: string, overrides: Parameters<typeof exampleEnvironment>[0]) => configIssuesUnder(exampleEnvironment(overrides), prefix);

    it.each([
      [{ minReplicas: 3, maxReplicas: 3 }, []],
      [{ minReplicas: 3, maxReplicas: 2 }, ['workloads.autoscaling.maxReplicas: maxReplicas is below minReplicas. Fix: raise maxReplicas to at least minReplicas']],
    ])('an autoscaling range %o: %p', (autoscaling, expected) => {
      expect(issuesUnder('workloads.autoscaling', { workloads: { autoscaling } })).toEqual(expected);
    });

    it('refuse latest with the fix naming allowLatestTag', () => {
      expect(issuesUnder('workloads.imageTag', { workloads: { imageTag: 'latest' } })).toEqual([
        "workloads.imageTag: 'latest' is not reproducible: a redeploy could run another build. Fix: use the tag CI built (a version or commit id), or set allowLatestTag: true outside staging and production",
      ]);
    });

    // Without a zone external-dns is turned off, else it is refused on its own.
    const noZone = { dnsZoneName: undefined, cluster: { adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'], addons: { externalDns: false } }, observability: { metrics: { enabled: false } } };
    it.each<[string, object, string[]]>([
      ['no hosts', {}, ['workloads.hosts: has no default without dnsZoneName. Fix: set dnsZoneName, or workloads.hosts']],
      ['their hosts written', { hosts: { api: 'api.example.com' } }, []],
      ['the workloads off', { enabled: false }, []],
    ])('without a DNS zone, with %s', (_, workloads, expected) => {
      expect(issuesUnder('workloads.hosts', { ...noZone, workloads })).toEqual(expected);
    });

    it('refuse only the strategy of a service no catalog has', () => {
      expect(issuesUnder('workloads.delivery', { workloads: { delivery: { 'novel-engine-backend': 'canary', 'auth-service': 'canary' } } })).toEqual([
        'workloads.delivery.auth-service: names no service of the catalogs novel-engine. Fix: use one of novel-engine-backend, novel-engine-frontend',
      ]);
    });

    it('name every route key in the zone', () => {
      expect(defaultWorkloadHosts('staging.example.com')).toEqual({ api: 'api.staging.example.com', web: 'app.staging.example.com', services: 'services.staging.example.com', kgas: 'kgas.staging.example.com' });
    });

    it('list every catalog and its services when a strategy names no service', () => {
      expect(issuesUnder('workloads.delivery', { workloads: { catalogs: ['novel-engine', 'kgas'], delivery: { 'auth-service': 'canary' } } })).toEqual([
        'workloads.delivery.auth-service: names no service of the catalogs novel-engine, kgas. Fix: use one of novel-engine-backend, novel-engine-frontend, kgas-api-server',
      ]);
    });

    it('move every autoscaled service into the range written', () => {
      const { workloads } = loadEnvironment(exampleEnvironment({ workloads: { autoscaling: { minReplicas: 2, maxReplicas: 10 } } }));
      expect(deployedWorkloadServices(workloads).map((service) => [service.autoscaling?.minReplicas, service.autoscaling?.maxReplicas])).toEqual([
        [2, 10],
        [2, 10],
      ]);
    });

    describe('the Load Balancer Controller', () => {
      const lbOff = { addons: { awsLoadBalancerController: false } };
      const { workloads } = loadEnvironment(exampleEnvironment({ workloads: { catalogs: ['microservices'] } }));
      const check = (env: Omit<Parameters<typeof checkWorkloads>[0], 'dnsZoneName'>) => {
        const found: string[] = [];
        checkWorkloads({ dnsZoneName: 'example.com', ...env }, (path) => found.push(path.join('.')));
        return found;
      };

      it('is needed when some services are routed (microservices: task-service and notification-service are not)', () => {
        expect(check({ compute: 'eks', cluster: lbOff, workloads })).toEqual(['cluster.addons.awsLoadBalancerController']);
      });

      it('is not needed without a routed service, on ECS, or without cluster settings', () => {
        expect(check({ compute: 'eks', cluster: lbOff, workloads: { ...workloads, catalogs: [] } })).toEqual([]);
        expect(check({ compute: 'ecs', cluster: lbOff, workloads })).toEqual([]);
        expect(check({ workloads })).toEqual([]);
      });
    });
  });
});
