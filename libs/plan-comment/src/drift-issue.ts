import type { GitHubConnection } from './github-connection';
import { PlanCommentError } from './plan-comment-error';
import { callGitHub, gitHubClient, requireBodyWithinLimit, requireRepository } from './private/github-client';

export interface DriftIssueOptions extends GitHubConnection {
  /** Owner of the repository (user or organisation), e.g. `octo-org` of `octo-org/platform`. */
  readonly owner: string;
  /** Name of the repository, e.g. `platform` of `octo-org/platform`. */
  readonly repo: string;
  /** Environment whose stacks were planned, e.g. `production`. */
  readonly environment: string;
  /**
   * Exit code of `terraform plan -detailed-exitcode`: 0 no changes, 1 the plan failed, 2 changes. With several
   * stacks, the highest.
   */
  readonly exitCode: number;
  /** Markdown describing the changes (e.g. renderPlanComment's output), the body of the issue. */
  readonly summaryMarkdown: string;
}

export interface DriftIssueResult {
  /** `none`: no drift and no open drift issue. */
  readonly action: 'created' | 'updated' | 'closed' | 'none';
  readonly issueNumber?: number;
  readonly url?: string;
}

/** Label of an environment's drift issue; the hidden marker in its body confirms the issue is the tool's. */
export function driftLabel(environment: string): string {
  return `drift:${environment}`;
}

/**
 * Keeps one open issue per environment in step with the nightly drift check:
 * - exit code 2: creates the issue (title `Drift detected in <environment>`, label `drift:<environment>`, created
 *   when missing) or replaces the body of the open one with the new summary;
 * - exit code 0: comments that the drift is gone and closes the open issue, if any;
 * - exit code 1: throws, because the plan failed: that is an error to fix, not drift.
 * The issue is found among the open issues with the label by the marker `<!-- platform-drift:<environment> -->` in its
 * body; an issue someone else labelled is left alone.
 * @throws PlanCommentError for exit code 1 or an unknown exit code; GitHubApiError when a call fails (the job needs
 * `permissions: issues: write`).
 */
export async function upsertDriftIssue(options: DriftIssueOptions): Promise<DriftIssueResult> {
  const { owner, repo, environment, exitCode } = options;
  requireRepository(owner, repo);
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(environment)) {
    throw new PlanCommentError(`Environment '${environment}' is not a valid name: use letters, digits, '.', '_' or '-' (it becomes the label ${driftLabel(environment)})`);
  }
  if (exitCode === 1) {
    throw new PlanCommentError(`terraform plan failed in ${environment} (exit code 1): that is an error, not drift; see the plan's log`);
  }
  if (exitCode !== 0 && exitCode !== 2) {
    throw new PlanCommentError(`Exit code ${exitCode} is not one of \`terraform plan -detailed-exitcode\`'s (0 no changes, 1 error, 2 changes)`);
  }
  const marker = `<!-- platform-drift:${environment} -->`;
  const label = driftLabel(environment);
  const title = `Drift detected in ${environment}`;
  const body = [
    marker,
    `\`terraform plan\` of **${environment}** shows changes: something was changed outside Terraform, or a merged change is not applied yet. ` +
      'This issue is updated by every drift check and closed by the first one that finds no changes.',
    options.summaryMarkdown,
  ].join('\n\n');
  requireBodyWithinLimit(body, 'The drift issue');

  const github = await gitHubClient(options);
  const call = (doing: string) => ({ doing, permission: 'issues: write', target: `repository ${owner}/${repo}` });
  const labelled = await callGitHub(call(`Listing the open issues labelled ${label} in ${owner}/${repo}`), () =>
    github.paginate(github.rest.issues.listForRepo, { owner, repo, state: 'open', labels: label, sort: 'created', direction: 'asc', per_page: 100 }),
  );
  const open = labelled.find((issue) => !issue.pull_request && issue.body?.includes(marker));

  if (exitCode === 0) {
    if (!open) {
      return { action: 'none' };
    }
    await callGitHub(call(`Commenting on issue #${open.number} of ${owner}/${repo}`), () =>
      github.rest.issues.createComment({ owner, repo, issue_number: open.number, body: `The latest drift check found no changes in **${environment}**: closing.` }),
    );
    await callGitHub(call(`Closing issue #${open.number} of ${owner}/${repo}`), () =>
      github.rest.issues.update({ owner, repo, issue_number: open.number, state: 'closed', state_reason: 'completed' }),
    );
    return { action: 'closed', issueNumber: open.number, url: open.html_url };
  }

  if (open) {
    await callGitHub(call(`Updating issue #${open.number} of ${owner}/${repo}`), () => github.rest.issues.update({ owner, repo, issue_number: open.number, title, body }));
    return { action: 'updated', issueNumber: open.number, url: open.html_url };
  }
  const labelExists = await callGitHub(call(`Looking up label ${label} in ${owner}/${repo}`), () =>
    github.rest.issues.getLabel({ owner, repo, name: label }).then(
      () => true,
      (error: { status?: number }) => {
        if (error.status === 404) return false;
        throw error;
      },
    ),
  );
  if (!labelExists) {
    // Created here, with a colour and a description, rather than left to what issue creation does with an unknown
    // label: the next check finds the issue by it.
    await callGitHub(call(`Creating label ${label} in ${owner}/${repo}`), () =>
      github.rest.issues.createLabel({ owner, repo, name: label, color: 'd93f0b', description: `terraform plan of ${environment} shows changes` }),
    );
  }
  const { data } = await callGitHub(call(`Opening a drift issue in ${owner}/${repo}`), () => github.rest.issues.create({ owner, repo, title, body, labels: [label] }));
  return { action: 'created', issueNumber: data.number, url: data.html_url };
}
