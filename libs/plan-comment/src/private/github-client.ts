import type { Octokit } from '@octokit/rest';
import { GITHUB_BODY_LIMIT, GitHubApiError, type GitHubConnection } from '../github-connection';
import { PlanCommentError } from '../plan-comment-error';

/** What a failed call was doing, for {@link GitHubApiError}'s message. */
export interface GitHubCall {
  /** e.g. `listing the comments of octo-org/platform#12`. */
  readonly doing: string;
  /** The `permissions:` entry the call needs, e.g. `pull-requests: write`. */
  readonly permission: string;
  /** What a 404 means for this call, e.g. `pull request #12 of octo-org/platform`. */
  readonly target: string;
}

const RETRIES = 3;

/**
 * An Octokit client with retries (@octokit/plugin-retry: 3 retries of 5xx and 429 answers; 4xx answers that will
 * not change, such as 401, 403, 404 and 422, fail at once). Octokit is ESM-only and this workspace compiles to
 * CommonJS, so it is imported on first use: rendering a comment never loads it, and Jest projects that only render
 * need no ESM transform (this library's jest.config.js has one).
 */
export async function gitHubClient(connection: GitHubConnection): Promise<Octokit> {
  if (!connection.token) {
    throw new PlanCommentError('No GitHub token given: set GITHUB_TOKEN (in a workflow: `env: GITHUB_TOKEN: ${{ github.token }}`)');
  }
  const [{ Octokit: Client }, { retry }] = await Promise.all([import('@octokit/rest'), import('@octokit/plugin-retry')]);
  const RetryingClient = Client.plugin(retry);
  const quiet = () => undefined;
  return new RetryingClient({
    auth: connection.token,
    baseUrl: connection.baseUrl ?? 'https://api.github.com',
    userAgent: 'platform-plan-comment',
    retry: { retries: RETRIES, retryAfterBaseValue: connection.retryDelayMs ?? 1000 },
    // Octokit logs every failed request itself; the GitHubApiError thrown instead says more.
    log: { debug: quiet, info: quiet, warn: console.warn, error: quiet },
  });
}

/** Runs one GitHub call, turning its failure into a {@link GitHubApiError} that says what to check. */
export async function callGitHub<T>(call: GitHubCall, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toGitHubApiError(error, call);
  }
}

function toGitHubApiError(error: unknown, { doing, permission, target }: GitHubCall): Error {
  const failure = error as { status?: unknown; message?: string; response?: { data?: { message?: string }; headers?: Record<string, string | undefined> } };
  if (typeof failure.status !== 'number') {
    return error as Error;
  }
  const status = failure.status;
  const said = `${status} ${failure.response?.data?.message ?? failure.message ?? ''}`.trim();
  if (!failure.response) {
    return new GitHubApiError(`${doing} failed: no answer from GitHub (${failure.message}). Check the API URL (GITHUB_API_URL) and the network`, undefined);
  }
  switch (status) {
    case 401:
      return new GitHubApiError(`${doing} failed: GitHub rejected the token (${said}). Check that GITHUB_TOKEN holds a valid, unexpired token`, status);
    case 403: {
      const rateLimited = failure.response.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(said);
      const fix = rateLimited
        ? "GitHub's API rate limit is exhausted: run the job again later"
        : `Grant the job \`permissions: ${permission}\`, and check that the token may write to the repository (a pull request from a fork gets a read-only GITHUB_TOKEN)`;
      return new GitHubApiError(`${doing} failed: the token may not do this (${said}). ${fix}`, status);
    }
    case 404:
      return new GitHubApiError(
        `${doing} failed: GitHub found no ${target} (${said}). Check the repository (owner/name) and the number, and that the token can see the repository`,
        status,
      );
    default:
      return new GitHubApiError(`${doing} failed: GitHub answered ${said}${status >= 500 || status === 429 ? ` after ${RETRIES} retries; run the job again later` : ''}`, status);
  }
}

/** Throws unless `body` fits GitHub's {@link GITHUB_BODY_LIMIT}. */
export function requireBodyWithinLimit(body: string, what: string): void {
  if (body.length > GITHUB_BODY_LIMIT) {
    throw new PlanCommentError(
      `${what} is ${body.length} characters; GitHub accepts at most ${GITHUB_BODY_LIMIT}. Render it with renderPlanCommentParts (\`plan-comment render --out-dir\`), which splits it into comments that fit`,
    );
  }
}

/** Throws unless `owner` and `repo` can name a GitHub repository. */
export function requireRepository(owner: string, repo: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner) || !/^[A-Za-z0-9._-]{1,100}$/.test(repo)) {
    throw new PlanCommentError(`'${owner}/${repo}' is not a GitHub repository name: give it as owner/name, e.g. octo-org/platform`);
  }
}
