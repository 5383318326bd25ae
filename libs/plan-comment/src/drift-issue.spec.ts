import { upsertDriftIssue, type DriftIssueOptions } from './drift-issue';
import { FakeGitHubApi } from './testing';

const MARKER = '<!-- platform-drift:production -->';
const ISSUES = '/repos/octo-org/platform/issues';

describe('upsertDriftIssue', () => {
  let api: FakeGitHubApi;
  const upsert = (options: Partial<DriftIssueOptions> = {}) =>
    upsertDriftIssue({ owner: 'octo-org', repo: 'platform', environment: 'production', exitCode: 2, summaryMarkdown: '1 to change', token: 'test-token', baseUrl: api.url, retryDelayMs: 1, ...options });

  beforeEach(async () => {
    api = await FakeGitHubApi.start();
  });
  afterEach(() => api.close());

  it('opens one labelled issue for the environment on exit code 2, creating the label first', async () => {
    api.addPullRequest(7);

    const result = await upsert();

    expect(result).toEqual({ action: 'created', issueNumber: 8, url: 'https://github.com/octo-org/platform/issues/8' });
    expect(api.writes()).toEqual(['POST /repos/octo-org/platform/labels', `POST ${ISSUES}`]);
    const issue = api.issues.find(({ number }) => number === 8);
    expect(issue).toMatchObject({ title: 'Drift detected in production', labels: ['drift:production'], state: 'open' });
    expect(issue?.body.startsWith(`${MARKER}\n\n`)).toBe(true);
    expect(issue?.body.endsWith('\n\n1 to change')).toBe(true);
  });

  it('updates the open issue on the next exit code 2 instead of opening another', async () => {
    api.labels.add('drift:production');
    api.addIssue({ number: 3, title: 'Drift detected in production', body: `${MARKER}\n\nold`, labels: ['drift:production'] });

    await expect(upsert({ summaryMarkdown: '2 to change' })).resolves.toMatchObject({ action: 'updated', issueNumber: 3 });

    expect(api.writes()).toEqual([`PATCH ${ISSUES}/3`]);
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0].body).toContain('2 to change');
  });

  it("leaves alone an issue someone else labelled, and the other environments' issues", async () => {
    api.labels.add('drift:production');
    api.addIssue({ number: 1, body: 'a person wrote this', labels: ['drift:production'] });
    api.addIssue({ number: 2, body: '<!-- platform-drift:staging -->', labels: ['drift:staging'] });

    await expect(upsert()).resolves.toMatchObject({ action: 'created', issueNumber: 3 });
    expect(api.issues.slice(0, 2).map(({ body }) => body)).toEqual(['a person wrote this', '<!-- platform-drift:staging -->']);
  });

  it('comments and closes the open issue on exit code 0', async () => {
    api.addIssue({ number: 3, body: `${MARKER}\n\nold`, labels: ['drift:production'] });

    await expect(upsert({ exitCode: 0 })).resolves.toMatchObject({ action: 'closed', issueNumber: 3 });

    expect(api.writes()).toEqual([`POST ${ISSUES}/3/comments`, `PATCH ${ISSUES}/3`]);
    expect(api.comments[0].body).toBe('The latest drift check found no changes in **production**: closing.');
    expect(api.issues[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
  });

  it('does nothing on exit code 0 without an open issue', async () => {
    api.addIssue({ number: 3, body: MARKER, labels: ['drift:production'], state: 'closed' });

    await expect(upsert({ exitCode: 0 })).resolves.toEqual({ action: 'none' });
    expect(api.writes()).toEqual([]);
  });

  it('fails on exit code 1 without touching GitHub: a failed plan is not drift', async () => {
    await expect(upsert({ exitCode: 1 })).rejects.toThrow('terraform plan failed in production (exit code 1): that is an error, not drift');
    await expect(upsert({ exitCode: 3 })).rejects.toThrow(/Exit code 3 is not one of `terraform plan -detailed-exitcode`'s/);
    await expect(upsert({ environment: 'prod env' })).rejects.toThrow(/Environment 'prod env' is not a valid name/);
    expect(api.requests).toEqual([]);
  });

  it('names the permission a 403 lacks', async () => {
    api.failNext(403, { method: 'POST' });

    await expect(upsert()).rejects.toThrow(/Creating label drift:production in octo-org\/platform failed: the token may not do this \(403 .*\)\. Grant the job `permissions: issues: write`/);
  });
});
