import { planJobUrls } from './plan-job-urls';
import { FakeGitHubApi } from './testing';

describe('planJobUrls', () => {
  let api: FakeGitHubApi;
  const find = (runId = 42) => planJobUrls({ owner: 'octo-org', repo: 'platform', runId, token: 'test-token', baseUrl: api.url, retryDelayMs: 1 });

  beforeEach(async () => {
    api = await FakeGitHubApi.start();
  });
  afterEach(() => api.close());

  it("maps each environment to the page of its matrix job 'plan (<env>)', ignoring the run's other jobs", async () => {
    api.addJob(42, 'affected');
    const staging = api.addJob(42, 'plan (staging)');
    const production = api.addJob(42, 'plan (production)');
    api.addJob(42, 'comment');
    api.addJob(7, 'plan (development)');

    await expect(find()).resolves.toEqual({
      staging: `https://github.com/octo-org/platform/actions/runs/42/job/${staging.id}`,
      production: `https://github.com/octo-org/platform/actions/runs/42/job/${production.id}`,
    });
  });

  it('names the permission reading jobs needs when GitHub refuses', async () => {
    api.failNext(403, { message: 'Resource not accessible by integration' });
    await expect(find()).rejects.toThrow(/Listing the jobs of workflow run 42 in octo-org\/platform failed: .*Grant the job `permissions: actions: read`/);
    await expect(find(0)).rejects.toThrow(/Workflow run ID 0 is not a positive integer/);
  });
});
