import { PlanCommentError } from './plan-comment-error';

/** GitHub's limit on the body of an issue, pull request or comment, in characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** How to reach the GitHub REST API. */
export interface GitHubConnection {
  /**
   * A token allowed to write what the call writes: in a workflow `${{ github.token }}` with the job's
   * `permissions:` granting `pull-requests: write` (PR comments) or `issues: write` (drift issues).
   */
  readonly token: string;
  /**
   * Root of the REST API: GitHub Enterprise Server's `https://<host>/api/v3` (a workflow's GITHUB_API_URL), or a
   * local test server.
   * @default 'https://api.github.com'
   */
  readonly baseUrl?: string;
  /**
   * Base of the wait before each retry, in milliseconds: the n-th retry waits n² times it (1 s, 4 s, 9 s). Answers
   * that may differ next time are retried (5xx, 429); 400, 401, 403, 404, 410, 422 and 451 are not.
   * @default 1000
   */
  readonly retryDelayMs?: number;
}

/** A GitHub REST call failed; the message says which call, what GitHub answered and what to check. */
export class GitHubApiError extends PlanCommentError {
  constructor(
    message: string,
    /** HTTP status of GitHub's answer; undefined when no answer came. */
    readonly status: number | undefined,
  ) {
    super(message);
  }
}
