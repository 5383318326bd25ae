import type { GitHubConnection } from './github-connection';
import { PlanCommentError } from './plan-comment-error';
import { callGitHub, gitHubClient, requireRepository } from './private/github-client';

export const DEFAULT_DESTROY_LABEL = 'destroy';

export interface DestroyLabelOptions extends GitHubConnection {
  /** Owner of the repository (user or organisation), e.g. `octo-org` of `octo-org/platform`. */
  readonly owner: string;
  /** Name of the repository, e.g. `platform` of `octo-org/platform`. */
  readonly repo: string;
  /** Number of the pull request. */
  readonly issueNumber: number;
  /** Whether any plan of the pull request destroys or replaces something (see isDestructive). */
  readonly destructive: boolean;
  /**
   * Name of the label.
   * @default 'destroy'
   */
  readonly label?: string;
}

export interface DestroyLabelResult {
  readonly action: 'added' | 'removed' | 'unchanged';
  readonly label: string;
}

/**
 * Keeps the pull request's `destroy` label in step with its plans, as tfcmt does: added when a plan destroys or
 * replaces something, removed when a later run's plans do not, untouched when it already says the right thing (no
 * timeline event). A missing label is created first, red and described, rather than left to GitHub's grey default.
 * Every call needs `pull-requests: write` (or `issues: write`); reading the repository's labels needs no more.
 * @throws GitHubApiError naming the call and what to check; PlanCommentError on invalid options.
 */
export async function syncDestroyLabel(options: DestroyLabelOptions): Promise<DestroyLabelResult> {
  const { owner, repo, issueNumber, destructive } = options;
  const label = options.label ?? DEFAULT_DESTROY_LABEL;
  requireRepository(owner, repo);
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
    throw new PlanCommentError(`Pull request number ${issueNumber} is not a positive integer`);
  }
  if (!/^[^,\s][^,]{0,49}$/.test(label)) {
    throw new PlanCommentError(`Label '${label}' is not allowed: use 1 to 50 characters without commas, e.g. 'destroy'`);
  }
  const github = await gitHubClient(options);
  const where = `${owner}/${repo}#${issueNumber}`;
  const call = (doing: string, target = `pull request #${issueNumber} in ${owner}/${repo}`) => ({ doing, permission: 'pull-requests: write', target });
  const labels = await callGitHub(call(`Listing the labels of ${where}`), () =>
    github.paginate(github.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  const present = labels.some(({ name }) => name === label);
  if (present === destructive) {
    return { action: 'unchanged', label };
  }
  if (!destructive) {
    await callGitHub(call(`Removing label ${label} from ${where}`), () => github.rest.issues.removeLabel({ owner, repo, issue_number: issueNumber, name: label }));
    return { action: 'removed', label };
  }
  const exists = await callGitHub(call(`Looking up label ${label} in ${owner}/${repo}`, `repository ${owner}/${repo}`), () =>
    github.rest.issues.getLabel({ owner, repo, name: label }).then(
      () => true,
      (error: { status?: number }) => {
        if (error.status === 404) return false;
        throw error;
      },
    ),
  );
  if (!exists) {
    await callGitHub(call(`Creating label ${label} in ${owner}/${repo}`, `repository ${owner}/${repo}`), () =>
      github.rest.issues.createLabel({ owner, repo, name: label, color: 'b60205', description: 'A terraform plan of this pull request destroys or replaces resources' }),
    );
  }
  await callGitHub(call(`Adding label ${label} to ${where}`), () => github.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels: [label] }));
  return { action: 'added', label };
}
