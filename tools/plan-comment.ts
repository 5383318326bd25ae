/**
 * Renders terraform plans as a sticky pull request comment (in several parts when one comment cannot hold it), posts
 * it with the PR's `destroy` label, and keeps drift issues in step.
 * Usage: npm run plan-comment -- --help (and <command> --help). Exit codes: 0 done, 1 failed, 2 usage error.
 * `post` and `drift` read the token from GITHUB_TOKEN and the API root from GITHUB_API_URL (GitHub Enterprise
 * Server; default https://api.github.com), both set in GitHub Actions.
 */
import {
  countChanges,
  isDestructive,
  PlanCommentError,
  parsePlanJson,
  planJobUrls,
  planSummaryLines,
  renderPlanComment,
  renderPlanCommentParts,
  syncDestroyLabel,
  upsertDriftIssue,
  upsertStickyComments,
  type RenderPlanCommentOptions,
  type TaggedPlan,
} from '@platform/plan-comment';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CommandLineError, CommandSpec, type Output, ProgramSpec, parseSubcommand, processOutput, reportCommandLine } from './cli-arguments';

const MARKER_OPTION = { type: 'string', value: 'key', description: 'the sticky comment\'s marker key (default: plan)' } as const;

export const PLAN_COMMENT_PROGRAM = {
  command: 'npm run plan-comment --',
  description: 'Renders terraform plans as a sticky pull request comment, posts it with the `destroy` label, keeps drift issues in step. Exit 0 done, 1 failed, 2 wrong command line. Environment: GITHUB_TOKEN (post, drift, render --link-jobs), GITHUB_API_URL (optional).',
  commands: {
    render: {
      command: 'npm run plan-comment -- render',
      description: 'Markdown of the plans (terraform show -json output), with each environment\'s monthly cost before -> after; prints it unless --out or --out-dir.',
      options: {
        plan: { type: 'string', value: 'env:stack:show.json', multiple: true, description: 'a plan to render (repeatable); or --plans-dir' },
        'plans-dir': { type: 'string', value: 'dir', description: 'render <dir>/<env>/<stack>.json (tools/plan.ts --out-dir); or --plan' },
        'artifact-url': { type: 'string', value: 'url', description: 'where the plans can be downloaded' },
        'run-url': { type: 'string', value: 'url', description: 'the workflow run; environments link to it' },
        'environment-url': { type: 'string', value: 'env=url', multiple: true, description: 'where an environment links to (repeatable)' },
        'link-jobs': { type: 'boolean', description: "link each environment to its job 'plan (<env>)' of the --run-url run (needs GITHUB_TOKEN)" },
        marker: MARKER_OPTION,
        title: { type: 'string', value: 'text', description: 'the comment\'s heading' },
        out: { type: 'string', value: 'file', description: 'write one comment, lists shortened to fit' },
        'out-dir': { type: 'string', value: 'dir', description: 'write <dir>/part-1.md ... part-<n>.md, as many comments as the lists need' },
        'no-cost': { type: 'boolean', description: 'leave out the cost estimate' },
      },
    },
    post: {
      command: 'npm run plan-comment -- post',
      description: "Creates or edits the pull request's comment (the parts of --body-dir, in order) and deletes parts an earlier, longer one left.",
      options: {
        repo: { type: 'string', value: 'owner/name', description: 'the repository; required' },
        pr: { type: 'string', value: 'number', description: 'the pull request; required' },
        'body-file': { type: 'string', value: 'file', description: 'the comment; or --body-dir' },
        'body-dir': { type: 'string', value: 'dir', description: 'the comment\'s parts (render --out-dir); or --body-file' },
        marker: MARKER_OPTION,
        'plans-dir': { type: 'string', value: 'dir', description: "add the label 'destroy' when a plan destroys or replaces something, remove it when none does" },
      },
    },
    drift: {
      command: 'npm run plan-comment -- drift',
      description: "For terraform plan -detailed-exitcode: 2 opens or updates the environment's drift issue, 0 closes it, 1 fails.",
      options: {
        repo: { type: 'string', value: 'owner/name', description: 'the repository; required' },
        environment: { type: 'string', value: 'env', description: 'the environment; required' },
        'exit-code': { type: 'string', value: '0|1|2', description: "the plan's exit code; required" },
        'body-file': { type: 'string', value: 'file', description: 'the issue body; required' },
      },
    },
  },
} as const satisfies ProgramSpec<Record<string, CommandSpec>>;

/** Runs the CLI with `args` (without node and the script); resolves to the exit code. */
export async function main(args: readonly string[], env: NodeJS.ProcessEnv = process.env, output: Output = processOutput): Promise<number> {
  try {
    const parsed = parseSubcommand(PLAN_COMMENT_PROGRAM, args);
    const values = parsed.values as Values;
    switch (parsed.command) {
      case 'render':
        await render(values, env, output);
        break;
      case 'post':
        await post(values, env, output);
        break;
      case 'drift':
        await drift(values, env, output);
        break;
    }
    return 0;
  } catch (error) {
    const commandLine = reportCommandLine(error, output);
    if (commandLine !== undefined) return commandLine;
    // Bad input and GitHub's refusals are explained by their message; anything else is a bug and keeps its stack.
    output.err(error instanceof PlanCommentError ? `error: ${error.message}` : String((error as Error).stack ?? error));
    return 1;
  }
}

type Values = Record<string, string | string[] | boolean | undefined>;

async function render(values: Values, env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  const outFile = values.out as string | undefined;
  const outDir = values['out-dir'] as string | undefined;
  if (outFile !== undefined && outDir !== undefined) {
    throw new CommandLineError('render writes to --out or --out-dir, not both');
  }
  const givenUrls = environmentUrls(values);
  const plans = readPlans(values);
  const options: RenderPlanCommentOptions = {
    artifactUrl: values['artifact-url'] as string | undefined,
    runUrl: values['run-url'] as string | undefined,
    environmentUrls: { ...(values['link-jobs'] ? await jobUrls(values, env, output) : {}), ...givenUrls },
    markerKey: values.marker as string | undefined,
    title: values.title as string | undefined,
    costEstimate: values['no-cost'] !== true,
  };
  // With the comment on stdout, the log lines go to stderr so a redirect captures only the comment.
  const log = outFile || outDir ? output.out : output.err;
  if (outDir) {
    const parts = renderPlanCommentParts(plans, options);
    planSummaryLines(plans).forEach((line) => log(line));
    mkdirSync(outDir, { recursive: true });
    // Parts of an earlier render in the same folder would be posted too.
    partFiles(outDir).forEach((file) => rmSync(file));
    parts.forEach((part, index) => writeFileSync(join(outDir, `part-${index + 1}.md`), part));
    output.out(`wrote ${parts.length} part(s) to ${outDir} (${parts.map((part) => part.length).join(', ')} characters)`);
    return;
  }
  const comment = renderPlanComment(plans, options);
  planSummaryLines(plans).forEach((line) => log(line));
  if (outFile) {
    writeFileSync(outFile, comment);
    output.out(`wrote ${outFile} (${comment.length} characters)`);
  } else {
    output.out(comment);
  }
}

function readPlans(values: Values): TaggedPlan[] {
  const planArgs = (values.plan as string[] | undefined) ?? [];
  const plansDir = values['plans-dir'] as string | undefined;
  if ((planArgs.length > 0) === (plansDir !== undefined)) {
    throw new CommandLineError('render needs either --plan options or --plans-dir, not both');
  }
  return plansDir ? plansFromDirectory(plansDir) : planArgs.map(planFromArgument);
}

/** `--environment-url <env>=<url>` options by environment. */
function environmentUrls(values: Values): Record<string, string> {
  return Object.fromEntries(
    ((values['environment-url'] as string[] | undefined) ?? []).map((argument) => {
      const match = /^([^=]+)=(.+)$/.exec(argument);
      if (!match) {
        throw new CommandLineError(`--environment-url '${argument}' is not <env>=<url>`);
      }
      return [match[1], match[2]];
    }),
  );
}

/**
 * The plan job of each environment in the --run-url run. Without them the comment still helps: a failed lookup is a
 * warning, and the environments link to the run.
 */
async function jobUrls(values: Values, env: NodeJS.ProcessEnv, output: Output): Promise<Record<string, string>> {
  const runUrl = values['run-url'] as string | undefined;
  const run = /\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/?$/.exec(runUrl ?? '');
  if (!run) {
    throw new CommandLineError(`--link-jobs needs --run-url <server>/<owner>/<name>/actions/runs/<id>${runUrl ? `, not '${runUrl}'` : ''}`);
  }
  const [, owner, repo, runId] = run;
  try {
    return await planJobUrls({ owner, repo, runId: Number(runId), ...connection(env) });
  } catch (error) {
    if (!(error instanceof PlanCommentError)) throw error;
    output.err(`warning: ${error.message}; linking the run instead`);
    return {};
  }
}

/** The `part-<n>.md` files of `dir`, in part order. */
function partFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new PlanCommentError(`Cannot read the comment directory ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return names
    .map((name) => ({ name, part: /^part-(\d+)\.md$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; part: string } => entry.part !== undefined)
    .sort((a, b) => Number(a.part) - Number(b.part))
    .map(({ name }) => join(dir, name));
}

/** `<env>:<stack>:<path>`; the path may contain colons. */
function planFromArgument(argument: string): TaggedPlan {
  const match = /^([^:]+):([^:]+):(.+)$/.exec(argument);
  if (!match) {
    throw new CommandLineError(`--plan '${argument}' is not <env>:<stack>:<path-to-show-json>`);
  }
  const [, environment, stack, file] = match;
  return { environment, stack, plan: parsePlanJson(readText(file), file) };
}

/** Suffix of the file tools/plan.ts writes instead of a plan for a stack deferred until its producers apply. */
const DEFERRED = '.deferred';

/**
 * What a `<stack>.deferred` file says (`{ "producers": [...], "reason"?: "cluster", "error": "..." }`): the producers
 * the stack waits for, or with `reason` `cluster` that pull requests do not plan it (tools/plan.ts --aws-only).
 */
function deferral(text: string, file: string): Pick<TaggedPlan, 'deferredUntil' | 'deferredFor'> {
  try {
    const { producers, reason } = JSON.parse(text) as { producers?: unknown; reason?: unknown };
    if (Array.isArray(producers) && producers.every((producer) => typeof producer === 'string') && (reason === undefined || reason === 'cluster')) {
      return { deferredUntil: producers, ...(reason === undefined ? {} : { deferredFor: reason }) };
    }
  } catch {
    // reported below
  }
  throw new PlanCommentError(`${file} is not a deferred stack's note: expected { "producers": ["<stack>", ...] } (and optionally "reason": "cluster") as tools/plan.ts writes it`);
}

/** Every `<dir>/<env>/<stack>.json` (and `<stack>.deferred`), sorted by environment and stack. */
function plansFromDirectory(dir: string): TaggedPlan[] {
  let environments: string[];
  try {
    environments = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    throw new PlanCommentError(`Cannot read the plans directory ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const plans = environments.flatMap((environment) =>
    readdirSync(join(dir, environment))
      .filter((name) => name.endsWith('.json') || name.endsWith(DEFERRED))
      .sort()
      .map((name): TaggedPlan => {
        const file = join(dir, environment, name);
        if (name.endsWith(DEFERRED)) return { environment, stack: basename(name, DEFERRED), plan: { format_version: '1.2' }, ...deferral(readText(file), file) };
        return { environment, stack: basename(name, '.json'), plan: parsePlanJson(readText(file), file) };
      }),
  );
  if (plans.length === 0) {
    throw new PlanCommentError(`No plans in ${dir}: expected ${join(dir, '<env>', '<stack>.json')} files (terraform show -json output)`);
  }
  return plans;
}

async function post(values: Values, env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  const { owner, repo } = repository(values);
  const issueNumber = integer(values, 'pr');
  const bodyFile = values['body-file'] as string | undefined;
  const bodyDir = values['body-dir'] as string | undefined;
  if ((bodyFile === undefined) === (bodyDir === undefined)) {
    throw new CommandLineError('post needs either --body-file or --body-dir');
  }
  const files = bodyDir ? partFiles(bodyDir) : [bodyFile as string];
  if (files.length === 0) {
    throw new PlanCommentError(`No part-<n>.md files in ${bodyDir}: write them with \`render --out-dir ${bodyDir}\``);
  }
  const plansDir = values['plans-dir'] as string | undefined;
  // Read before anything is posted: a broken plan must not leave a comment without its label.
  const destructive = plansDir === undefined ? undefined : plansFromDirectory(plansDir).some(({ plan }) => isDestructive(countChanges(plan)));
  const connectionOptions = connection(env);
  const result = await upsertStickyComments({
    owner,
    repo,
    issueNumber,
    bodies: files.map(readText),
    marker: values.marker as string | undefined,
    ...connectionOptions,
  });
  result.parts.forEach(({ action, url }) => output.out(`${action} comment ${url}`));
  result.deleted.forEach(({ part, commentId }) => output.out(`deleted comment ${commentId} (part ${part} of an earlier run)`));
  if (destructive !== undefined) {
    const label = await syncDestroyLabel({ owner, repo, issueNumber, destructive, ...connectionOptions });
    output.out(label.action === 'unchanged' ? `label ${label.label} ${destructive ? 'kept' : 'absent'}` : `${label.action} label ${label.label}`);
  }
}

async function drift(values: Values, env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  const { owner, repo } = repository(values);
  const environment = required(values, 'environment');
  const result = await upsertDriftIssue({
    owner,
    repo,
    environment,
    exitCode: integer(values, 'exit-code'),
    summaryMarkdown: readText(required(values, 'body-file')),
    ...connection(env),
  });
  output.out(result.action === 'none' ? `no drift in ${environment} and no open drift issue` : `${result.action} issue #${result.issueNumber} ${result.url}`);
}

function connection(env: NodeJS.ProcessEnv): { token: string; baseUrl?: string } {
  const token = env.GITHUB_TOKEN;
  if (!token) {
    throw new CommandLineError('GITHUB_TOKEN is not set (in a workflow step: `env: GITHUB_TOKEN: ${{ github.token }}`)');
  }
  return { token, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) };
}

function repository(values: Values): { owner: string; repo: string } {
  const [owner, repo, ...extra] = required(values, 'repo').split('/');
  if (!owner || !repo || extra.length > 0) {
    throw new CommandLineError(`--repo '${values.repo}' is not <owner>/<name>`);
  }
  return { owner, repo };
}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new CommandLineError(`--${name} is required`);
  }
  return value;
}

function integer(values: Values, name: string): number {
  const text = required(values, name);
  if (!/^\d+$/.test(text)) {
    throw new CommandLineError(`--${name} '${text}' is not a whole number`);
  }
  return Number(text);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlanCommentError(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((exitCode) => {
    process.exitCode = exitCode;
  });
}
