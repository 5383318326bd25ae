import type { GitHubConnection } from './github-connection';
import { PlanCommentError } from './plan-comment-error';
import { callGitHub, gitHubClient, requireRepository } from './private/github-client';

export interface PlanJobUrlsOptions extends GitHubConnection {
  /** Owner of the repository (user or organisation), e.g. `octo-org` of `octo-org/platform`. */
  readonly owner: string;
  /** Name of the repository, e.g. `platform` of `octo-org/platform`. */
  readonly repo: string;
  /** ID of the workflow run whose matrix jobs planned the environments (a workflow's `github.run_id`). */
  readonly runId: number;
  /**
   * Name of the matrix job; GitHub names each of its jobs `<jobName> (<environment>)`.
   * @default 'plan'
   */
  readonly jobName?: string;
}

/**
 * The page of each environment's plan job in a workflow run, by environment: the jobs named `<jobName> (<env>)` of
 * the run's latest attempt. Reading a run's jobs needs `permissions: actions: read`.
 * @throws GitHubApiError naming the call and what to check; PlanCommentError on invalid options.
 */
export async function planJobUrls(options: PlanJobUrlsOptions): Promise<Record<string, string>> {
  const { owner, repo, runId } = options;
  requireRepository(owner, repo);
  if (!Number.isInteger(runId) || runId <= 0) {
    throw new PlanCommentError(`Workflow run ID ${runId} is not a positive integer`);
  }
  const jobName = options.jobName ?? 'plan';
  const github = await gitHubClient(options);
  const jobs = await callGitHub(
    { doing: `Listing the jobs of workflow run ${runId} in ${owner}/${repo}`, permission: 'actions: read', target: `workflow run ${runId} in ${owner}/${repo}` },
    () => github.paginate(github.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: runId, filter: 'latest', per_page: 100 }),
  );
  const prefix = `${jobName} (`;
  return Object.fromEntries(
    jobs
      .filter(({ name, html_url }) => name.startsWith(prefix) && name.endsWith(')') && html_url)
      .map(({ name, html_url }) => [name.slice(prefix.length, -1), html_url as string]),
  );
}
