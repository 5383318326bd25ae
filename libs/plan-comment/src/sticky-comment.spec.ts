import { GITHUB_BODY_LIMIT, GitHubApiError } from './github-connection';
import { upsertStickyComment, upsertStickyComments, type StickyCommentOptions, type StickyCommentsOptions } from './sticky-comment';
import { FAKE_BOT, FakeGitHubApi } from './testing';

const MARKER = '<!-- platform-plan-comment:plan -->';
const COMMENTS = '/repos/octo-org/platform/issues/12/comments';

describe('upsertStickyComment', () => {
  let api: FakeGitHubApi;
  const upsert = (options: Partial<StickyCommentOptions> = {}) =>
    upsertStickyComment({ owner: 'octo-org', repo: 'platform', issueNumber: 12, body: `${MARKER}\nplan`, token: 'test-token', baseUrl: api.url, retryDelayMs: 1, ...options });

  beforeEach(async () => {
    api = await FakeGitHubApi.start({ pageSizeLimit: 2 });
    api.addPullRequest(12);
  });
  afterEach(() => api.close());

  it('creates the comment when no comment carries the marker', async () => {
    api.addComment(12, 'LGTM');
    api.addComment(12, '<!-- platform-plan-comment:plan-production -->\nanother key');

    const result = await upsert();

    expect(result).toMatchObject({ action: 'created', url: expect.stringContaining('/pull/12#issuecomment-') });
    expect(api.writes()).toEqual([`POST ${COMMENTS}`]);
    expect(api.comments.map(({ body }) => body)).toEqual(['LGTM', '<!-- platform-plan-comment:plan-production -->\nanother key', `${MARKER}\nplan`]);
  });

  it('reads every page and edits the comment with the marker, wherever it is', async () => {
    api.addComment(12, 'first');
    api.addComment(12, 'second');
    const sticky = api.addComment(12, `${MARKER}\nold plan`, FAKE_BOT);

    const result = await upsert({ body: `${MARKER}\nnew plan` });

    expect(result).toMatchObject({ action: 'updated', commentId: sticky.id });
    expect(api.requests.filter(({ method }) => method === 'GET').map(({ query }) => query.page ?? '1')).toEqual(['1', '2']);
    expect(api.writes()).toEqual([`PATCH /repos/octo-org/platform/issues/comments/${sticky.id}`]);
    expect(sticky.body).toBe(`${MARKER}\nnew plan`);
    expect(api.comments).toHaveLength(3);
  });

  it("prefers the bot's comment when a person's comment carries the marker too", async () => {
    api.addComment(12, `quoting ${MARKER}`);
    const bots = api.addComment(12, `${MARKER}\nold plan`, FAKE_BOT);

    await expect(upsert()).resolves.toMatchObject({ action: 'updated', commentId: bots.id });
  });

  it('leaves an identical comment alone', async () => {
    const sticky = api.addComment(12, `${MARKER}\nplan`, FAKE_BOT);

    await expect(upsert()).resolves.toMatchObject({ action: 'unchanged', commentId: sticky.id });
    expect(api.writes()).toEqual([]);
  });

  it('puts the marker of the given key in front of a body without it', async () => {
    await upsert({ body: 'plain text', marker: 'plan-staging' });

    expect(api.comments[0].body).toBe('<!-- platform-plan-comment:plan-staging -->\nplain text');
  });

  it('retries answers of 5xx and then succeeds', async () => {
    api.failNext(502, { times: 2, method: 'GET' });

    await expect(upsert()).resolves.toMatchObject({ action: 'created' });
    expect(api.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([`GET ${COMMENTS}`, `GET ${COMMENTS}`, `GET ${COMMENTS}`, `POST ${COMMENTS}`]);
  });

  it('gives up after 3 retries of 5xx', async () => {
    api.failNext(503, { times: 10 });

    await expect(upsert()).rejects.toThrow('Listing the comments of octo-org/platform#12 failed: GitHub answered 503 Injected failure 503 after 3 retries');
    expect(api.requests).toHaveLength(4);
  });

  it.each([
    [401, /GitHub rejected the token \(401 .*\)\. Check that GITHUB_TOKEN holds a valid, unexpired token/],
    [403, /the token may not do this \(403 .*\)\. Grant the job `permissions: pull-requests: write`/],
    [404, /GitHub found no pull request #12 in octo-org\/platform \(404 .*\)\. Check the repository \(owner\/name\) and the number/],
  ])('explains %i at once, without retrying', async (status, message) => {
    api.failNext(status);

    const error = await upsert().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(status);
    expect((error as Error).message).toMatch(message);
    expect(api.requests).toHaveLength(1);
  });

  it('reports a wrong token, repository and pull request as GitHub answers them', async () => {
    await expect(upsert({ token: 'expired' })).rejects.toThrow(/401 Bad credentials/);
    await expect(upsert({ repo: 'other' })).rejects.toThrow(/GitHub found no pull request #12 in octo-org\/other/);
    await expect(upsert({ issueNumber: 99 })).rejects.toThrow(/GitHub found no pull request #99/);
  });

  it('tells a rate limit from missing permissions', async () => {
    api.failNext(403, { message: 'API rate limit exceeded for installation ID 1' });

    await expect(upsert()).rejects.toThrow(/\(403 API rate limit exceeded for installation ID 1\)\. GitHub's API rate limit is exhausted: run the job again later/);
  });

  it.each([
    [{ body: 'x'.repeat(GITHUB_BODY_LIMIT) }, /The comment is 65572 characters; GitHub accepts at most 65536/],
    [{ issueNumber: 0 }, /Pull request number 0 is not a positive integer/],
    [{ owner: 'octo org' }, /'octo org\/platform' is not a GitHub repository name/],
    [{ token: '' }, /No GitHub token given: set GITHUB_TOKEN/],
  ])('refuses invalid options before calling GitHub (%#)', async (options, message) => {
    await expect(upsert(options)).rejects.toThrow(message);
    expect(api.requests).toEqual([]);
  });
});

describe('upsertStickyComments', () => {
  let api: FakeGitHubApi;
  const part = (index: number) => (index === 1 ? MARKER : `<!-- platform-plan-comment:plan:part-${index} -->`);
  const bodies = (count: number, run: string) => Array.from({ length: count }, (_, index) => `${part(index + 1)}\n${run} part ${index + 1}`);
  const upsert = (options: Partial<StickyCommentsOptions> & { bodies: string[] }) =>
    upsertStickyComments({ owner: 'octo-org', repo: 'platform', issueNumber: 12, token: 'test-token', baseUrl: api.url, retryDelayMs: 1, ...options });
  const comment = (id: number) => `/repos/octo-org/platform/issues/comments/${id}`;

  beforeEach(async () => {
    api = await FakeGitHubApi.start({ pageSizeLimit: 2 });
    api.addPullRequest(12);
  });
  afterEach(() => api.close());

  it('creates one comment per part, in order, each with the marker of its part', async () => {
    const result = await upsert({ bodies: ['first', 'second', 'third'] });

    expect(result.parts.map(({ action }) => action)).toEqual(['created', 'created', 'created']);
    expect(api.comments.map(({ body }) => body)).toEqual([`${MARKER}\nfirst`, `${part(2)}\nsecond`, `${part(3)}\nthird`]);
    expect(result.deleted).toEqual([]);
  });

  it('edits the parts of an earlier run in place and deletes those the new comment no longer needs', async () => {
    const [first, second, third] = bodies(3, 'old').map((body) => api.addComment(12, body, FAKE_BOT));
    const other = api.addComment(12, 'LGTM');

    const result = await upsert({ bodies: bodies(2, 'new') });

    expect(result.parts.map(({ action, commentId }) => [action, commentId])).toEqual([['updated', first.id], ['updated', second.id]]);
    expect(result.deleted).toEqual([{ part: 3, commentId: third.id }]);
    expect(api.writes()).toEqual([`PATCH ${comment(first.id)}`, `PATCH ${comment(second.id)}`, `DELETE ${comment(third.id)}`]);
    expect(api.comments.map(({ id }) => id)).toEqual([first.id, second.id, other.id]);
  });

  it('creates the parts an earlier, shorter run did not have, and leaves unchanged parts alone', async () => {
    const [first] = bodies(1, 'same').map((body) => api.addComment(12, body, FAKE_BOT));

    const result = await upsert({ bodies: [...bodies(1, 'same'), ...bodies(3, 'new').slice(1)] });

    expect(result.parts.map(({ action }) => action)).toEqual(['unchanged', 'created', 'created']);
    expect(api.writes()).toEqual(['POST /repos/octo-org/platform/issues/12/comments', 'POST /repos/octo-org/platform/issues/12/comments']);
    expect(api.comments[0]).toBe(first);
  });

  it('takes the single comment of an earlier version as part 1, and posting one comment deletes the parts of a split one', async () => {
    const [first, second] = bodies(2, 'old').map((body) => api.addComment(12, body, FAKE_BOT));

    await expect(upsertStickyComment({ owner: 'octo-org', repo: 'platform', issueNumber: 12, body: 'one', token: 'test-token', baseUrl: api.url })).resolves.toMatchObject({
      action: 'updated',
      commentId: first.id,
    });
    expect(api.comments.map(({ id, body }) => [id, body])).toEqual([[first.id, `${MARKER}\none`]]);
    expect(api.writes()).toContain(`DELETE ${comment(second.id)}`);
  });

  it("never edits or deletes a person's reply that quotes a marker", async () => {
    const quote = api.addComment(12, `> ${part(2)}\n> old part 2\n\nWhy is this destroyed?`);

    await upsert({ bodies: ['only'] });

    expect(api.comments).toContain(quote);
    expect(quote.body).toContain('Why is this destroyed?');
  });

  it('retries 5xx answers to a deletion and explains a refused one', async () => {
    const [, second] = bodies(2, 'old').map((body) => api.addComment(12, body, FAKE_BOT));
    api.failNext(502, { method: 'DELETE' });
    await expect(upsert({ bodies: bodies(1, 'new') })).resolves.toMatchObject({ deleted: [{ part: 2, commentId: second.id }] });

    api.addComment(12, `${part(2)}\nagain`, FAKE_BOT);
    api.failNext(403, { method: 'DELETE', message: 'Resource not accessible by integration' });
    await expect(upsert({ bodies: bodies(1, 'newer') })).rejects.toThrow(
      /Deleting comment \d+ \(part 2 of an earlier run\) of octo-org\/platform#12 failed: the token may not do this \(403 Resource not accessible by integration\)\. Grant the job `permissions: pull-requests: write`/,
    );
  });

  it.each([
    [{ bodies: [] }, /No comment to post: pass at least one body/],
    [{ bodies: ['ok', 'x'.repeat(GITHUB_BODY_LIMIT)] }, /Part 2 of the comment is 65579 characters; GitHub accepts at most 65536/],
  ])('refuses invalid parts before calling GitHub (%#)', async (options, message) => {
    await expect(upsert(options)).rejects.toThrow(message);
    expect(api.requests).toEqual([]);
  });
});
