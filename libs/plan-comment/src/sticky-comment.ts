import type { GitHubConnection } from './github-connection';
import { PlanCommentError } from './plan-comment-error';
import { callGitHub, gitHubClient, requireBodyWithinLimit, requireRepository } from './private/github-client';
import { commentMarker, DEFAULT_MARKER_KEY } from './render-plan-comment';

export interface StickyCommentOptions extends GitHubConnection {
  /** Owner of the repository (user or organisation), e.g. `octo-org` of `octo-org/platform`. */
  readonly owner: string;
  /** Name of the repository, e.g. `platform` of `octo-org/platform`. */
  readonly repo: string;
  /** Number of the pull request (or issue) to comment on. */
  readonly issueNumber: number;
  /** Markdown of the comment; the marker is put in front when it does not contain it. */
  readonly body: string;
  /**
   * Key of the marker that identifies the comment (see commentMarker); one sticky comment per key.
   * @default 'plan'
   */
  readonly marker?: string;
}

export interface StickyCommentResult {
  /** `unchanged`: the comment already had this body, so it was not edited (no notification, no "edited" label). */
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly commentId: number;
  readonly url: string;
}

/**
 * Creates the pull request's comment carrying the marker, or edits it in place: one comment per pull request and
 * marker key, always current, however often the workflow runs.
 *
 * Every page of the pull request's comments is read (GitHub returns at most 100 per page). Comments by anyone count,
 * so the comment survives a change of the token's identity (GITHUB_TOKEN posts as github-actions[bot], a PAT as its
 * user); when several carry the marker (someone copied it), the oldest by a bot account is edited, else the oldest.
 * @throws GitHubApiError naming the call and what to check on 401 (token), 403 (the job's permissions), 404
 * (repository, pull request number) and after retries of 5xx; PlanCommentError on invalid options.
 */
export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber } = options;
  requireRepository(owner, repo);
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
    throw new PlanCommentError(`Pull request number ${issueNumber} is not a positive integer`);
  }
  const marker = commentMarker(options.marker ?? DEFAULT_MARKER_KEY);
  const body = options.body.includes(marker) ? options.body : `${marker}\n${options.body}`;
  requireBodyWithinLimit(body, 'The comment');

  const github = await gitHubClient(options);
  const where = `${owner}/${repo}#${issueNumber}`;
  const call = (doing: string) => ({ doing, permission: 'pull-requests: write', target: `pull request #${issueNumber} in ${owner}/${repo}` });
  const comments = await callGitHub(call(`Listing the comments of ${where}`), () =>
    github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  const marked = comments.filter((comment) => comment.body?.includes(marker));
  const existing = marked.find((comment) => comment.user?.type === 'Bot') ?? marked[0];

  if (!existing) {
    const { data } = await callGitHub(call(`Commenting on ${where}`), () => github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }));
    return { action: 'created', commentId: data.id, url: data.html_url };
  }
  if (existing.body === body) {
    return { action: 'unchanged', commentId: existing.id, url: existing.html_url };
  }
  const { data } = await callGitHub(call(`Editing comment ${existing.id} of ${where}`), () =>
    github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body }),
  );
  return { action: 'updated', commentId: data.id, url: data.html_url };
}
