import { syncDestroyLabel, type DestroyLabelOptions } from './destroy-label';
import { GitHubApiError } from './github-connection';
import { FakeGitHubApi, type FakeIssue } from './testing';

const LABELS = '/repos/octo-org/platform/issues/12/labels';

describe('syncDestroyLabel', () => {
  let api: FakeGitHubApi;
  let pullRequest: FakeIssue;
  const sync = (destructive: boolean, options: Partial<DestroyLabelOptions> = {}) =>
    syncDestroyLabel({ owner: 'octo-org', repo: 'platform', issueNumber: 12, destructive, token: 'test-token', baseUrl: api.url, retryDelayMs: 1, ...options });

  beforeEach(async () => {
    api = await FakeGitHubApi.start();
    pullRequest = api.addPullRequest(12);
  });
  afterEach(() => api.close());

  it('adds the label when a plan destroys, creating it in the repository first, then removes it when none does', async () => {
    await expect(sync(true)).resolves.toEqual({ action: 'added', label: 'destroy' });
    expect(api.writes()).toEqual(['POST /repos/octo-org/platform/labels', `POST ${LABELS}`]);
    expect(api.requests.find(({ path }) => path === '/repos/octo-org/platform/labels')?.body).toMatchObject({ name: 'destroy', color: 'b60205' });
    expect(pullRequest.labels).toEqual(['destroy']);

    await expect(sync(false)).resolves.toEqual({ action: 'removed', label: 'destroy' });
    expect(api.writes().at(-1)).toBe(`DELETE ${LABELS}/destroy`);
    expect(pullRequest.labels).toEqual([]);
  });

  it('writes nothing when the label already says the right thing', async () => {
    pullRequest.labels.push('destroy', 'team:platform');
    await expect(sync(true)).resolves.toEqual({ action: 'unchanged', label: 'destroy' });
    pullRequest.labels = ['team:platform'];
    await expect(sync(false)).resolves.toEqual({ action: 'unchanged', label: 'destroy' });
    expect(api.writes()).toEqual([]);
  });

  it("uses the repository's label when it exists, and the name given", async () => {
    api.labels.add('plan:destroys');
    await sync(true, { label: 'plan:destroys' });
    expect(api.writes()).toEqual([`POST ${LABELS}`]);
    expect(pullRequest.labels).toEqual(['plan:destroys']);
  });

  it.each([
    [403, { method: 'POST' }, /Adding label destroy to octo-org\/platform#12 failed: the token may not do this \(403 .*\)\. Grant the job `permissions: pull-requests: write`/],
    [404, { method: 'GET' }, /Listing the labels of octo-org\/platform#12 failed: GitHub found no pull request #12 in octo-org\/platform/],
    [401, {}, /GitHub rejected the token/],
  ])('explains %i', async (status, where, message) => {
    api.labels.add('destroy');
    api.failNext(status, where);
    const error = await sync(true).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an invalid label before calling GitHub', async () => {
    await expect(sync(true, { label: 'a,b' })).rejects.toThrow(/Label 'a,b' is not allowed/);
    expect(api.requests).toEqual([]);
  });
});
