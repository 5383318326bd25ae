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
  /** Markdown of the comment; the marker is put in front when it does not start with it. */
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

export interface StickyCommentsOptions extends Omit<StickyCommentOptions, 'body'> {
  /** Markdown of the parts, in order (see renderPlanCommentParts); each part's marker is put in front when missing. */
  readonly bodies: readonly string[];
}

export interface StickyCommentsResult {
  /** One per body, in order. */
  readonly parts: readonly StickyCommentResult[];
  /** Comments deleted: parts beyond `bodies.length` left by an earlier, longer run. */
  readonly deleted: readonly { readonly part: number; readonly commentId: number }[];
}

/**
 * Creates the pull request's comment carrying the marker, or edits it in place: one comment per pull request and
 * marker key, always current, however often the workflow runs. Parts 2 and later of an earlier run are deleted.
 * @throws as upsertStickyComments.
 */
export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  const { body, ...rest } = options;
  const result = await upsertStickyComments({ ...rest, bodies: [body] });
  return result.parts[0];
}

/**
 * Keeps a comment of several parts current on a pull request: part n is the comment whose body starts with the
 * marker of part n (see commentMarker); parts 1..n are edited in place (left alone when unchanged) or created, in
 * order, and parts beyond n from an earlier, longer run are deleted rather than edited to "superseded", so the pull
 * request shows only the current plan.
 *
 * Every page of the pull request's comments is read (GitHub returns at most 100 per page). Comments by anyone count,
 * so the comment survives a change of the token's identity (GITHUB_TOKEN posts as github-actions[bot], a PAT as its
 * user); when several carry a part's marker (someone copied it), the oldest by a bot account is taken, else the
 * oldest. A comment that only quotes a marker (a reply starting with `>`) does not start with it and is never taken.
 * @throws GitHubApiError naming the call and what to check on 401 (token), 403 (the job's permissions), 404
 * (repository, pull request number) and after retries of 5xx; PlanCommentError on invalid options.
 */
export async function upsertStickyComments(options: StickyCommentsOptions): Promise<StickyCommentsResult> {
  const { owner, repo, issueNumber } = options;
  requireRepository(owner, repo);
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
    throw new PlanCommentError(`Pull request number ${issueNumber} is not a positive integer`);
  }
  if (options.bodies.length === 0) {
    throw new PlanCommentError('No comment to post: pass at least one body');
  }
  const key = options.marker ?? DEFAULT_MARKER_KEY;
  const bodies = options.bodies.map((text, index) => {
    const marker = commentMarker(key, index + 1);
    const body = text.startsWith(marker) ? text : `${marker}\n${text}`;
    requireBodyWithinLimit(body, options.bodies.length === 1 ? 'The comment' : `Part ${index + 1} of the comment`);
    return body;
  });

  const github = await gitHubClient(options);
  const where = `${owner}/${repo}#${issueNumber}`;
  const call = (doing: string) => ({ doing, permission: 'pull-requests: write', target: `pull request #${issueNumber} in ${owner}/${repo}` });
  const comments = await callGitHub(call(`Listing the comments of ${where}`), () =>
    github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  const existing = new Map<number, (typeof comments)[number]>();
  for (const comment of comments) {
    const part = partOf(comment.body ?? '', key);
    const taken = part === undefined ? undefined : existing.get(part);
    if (part !== undefined && (!taken || (taken.user?.type !== 'Bot' && comment.user?.type === 'Bot'))) existing.set(part, comment);
  }

  const parts: StickyCommentResult[] = [];
  for (const [index, body] of bodies.entries()) {
    const found = existing.get(index + 1);
    const what = bodies.length === 1 ? 'the comment' : `part ${index + 1} of ${bodies.length}`;
    if (!found) {
      const { data } = await callGitHub(call(`Commenting ${what} on ${where}`), () => github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }));
      parts.push({ action: 'created', commentId: data.id, url: data.html_url });
    } else if (found.body === body) {
      parts.push({ action: 'unchanged', commentId: found.id, url: found.html_url });
    } else {
      const { data } = await callGitHub(call(`Editing comment ${found.id} (${what}) of ${where}`), () =>
        github.rest.issues.updateComment({ owner, repo, comment_id: found.id, body }),
      );
      parts.push({ action: 'updated', commentId: data.id, url: data.html_url });
    }
  }
  const deleted: Array<{ part: number; commentId: number }> = [];
  for (const [part, comment] of [...existing].filter(([part]) => part > bodies.length).sort(([a], [b]) => a - b)) {
    await callGitHub(call(`Deleting comment ${comment.id} (part ${part} of an earlier run) of ${where}`), () => github.rest.issues.deleteComment({ owner, repo, comment_id: comment.id }));
    deleted.push({ part, commentId: comment.id });
  }
  return { parts, deleted };
}

/** The part whose marker of `key` the body starts with, if any. */
function partOf(body: string, key: string): number | undefined {
  const match = /^<!-- platform-plan-comment:([A-Za-z0-9._-]+)(?::part-([1-9]\d{0,3}))? -->/.exec(body);
  return match && match[1] === key ? Number(match[2] ?? 1) : undefined;
}
