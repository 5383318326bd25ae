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

  it.each([
    ['removing', false, ['destroy'], { method: 'DELETE' }, /Removing label destroy from octo-org\/platform#12 failed/],
    ['looking up', true, [], { method: 'GET', path: /\/labels\/destroy$/ }, /Looking up label destroy in octo-org\/platform failed/],
    ['creating', true, [], { method: 'POST', path: /\/repos\/octo-org\/platform\/labels$/ }, /Creating label destroy in octo-org\/platform failed: GitHub found no repository octo-org\/platform/],
  ])('names the call when %s the label fails', async (doing, destructive, labels, where, message) => {
    pullRequest.labels.push(...labels);
    // A 404 on the lookup means "no such label"; other calls' 404 name what GitHub did not find.
    api.failNext(doing === 'looking up' ? 403 : 404, where);
    await expect(sync(destructive)).rejects.toThrow(message);
  });

  it('describes the label it creates', async () => {
    await sync(true);
    expect(api.requests.find(({ method, path }) => method === 'POST' && path === '/repos/octo-org/platform/labels')?.body).toMatchObject({
      description: 'A terraform plan of this pull request destroys or replaces resources',
    });
  });

  it.each([0, -3, 1.5])('refuses pull request number %s before calling GitHub', async (issueNumber) => {
    await expect(sync(true, { issueNumber })).rejects.toThrow(`Pull request number ${issueNumber} is not a positive integer`);
    expect(api.requests).toEqual([]);
  });

  it('accepts pull request number 1', async () => {
    api.addPullRequest(1);
    await expect(sync(true, { issueNumber: 1 })).resolves.toEqual({ action: 'added', label: 'destroy' });
  });

  it('refuses a malformed repository before calling GitHub', async () => {
    await expect(sync(true, { owner: 'octo org' })).rejects.toThrow(/'octo org\/platform' is not a GitHub repository name/);
    expect(api.requests).toEqual([]);
  });

  it('refuses an invalid label before calling GitHub', async () => {
    await expect(sync(true, { label: 'a,b' })).rejects.toThrow(/Label 'a,b' is not allowed/);
    expect(api.requests).toEqual([]);
  });
});
