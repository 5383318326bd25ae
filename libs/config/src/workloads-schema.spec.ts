import { loadEnvironment } from './load-environment';
import { configIssues, exampleEnvironment } from './testing';
import { workloadServices, workloadsNamespace } from './workloads-schema';

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

  it.each<[string, object, string | RegExp]>([
    ['the latest tag where releases must be reproducible', { imageTag: 'latest' }, /^workloads\.imageTag: 'latest' is not reproducible.*Fix: use the tag CI built/],
    ['an unknown catalog', { catalogs: ['wordpress'] }, /^workloads\.catalogs\.0: must be one of novel-engine, microservices/],
    ['a tag with a space', { imageTag: 'v1 2' }, /^workloads\.imageTag: must be a Docker image tag/],
    ['an autoscaling range upside down', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /^workloads\.autoscaling\.maxReplicas: maxReplicas is below minReplicas\. Fix: raise maxReplicas/],
    ['no replica at all', { autoscaling: { minReplicas: 0, maxReplicas: 2 } }, /^workloads\.autoscaling\.minReplicas: must be at least 1/],
  ])('reject %s', (_case, workloads, expected) => {
    expect(configIssues(exampleEnvironment({ workloads }))).toContainEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
  });

  it('allow latest where the environment says so', () => {
    expect(loadEnvironment(exampleEnvironment({ workloads: { imageTag: 'latest', allowLatestTag: true } })).workloads.imageTag).toBe('latest');
  });
});
