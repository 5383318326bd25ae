import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { workflowJobs } from './workflow-jobs';
import { githubRunnerName } from '@platform/config';

/** A Terraform run a workflow step starts: which tool, for which environment and stacks. */
interface TerraformRun {
  /** What the job does with the stacks: `plans`, `applies`, `checks drift of`, `smoke-checks` (plans again). */
  readonly verb: string;
  /** Environment argument as written, e.g. `$ENVIRONMENT` or `production`. */
  readonly environment: string;
  /** Stack names given on the command line; empty: every stack of the environment. */
  readonly stacks: readonly string[];
  /** `tools/plan.ts --aws-only`: only the stacks whose providers are all `aws` (pull requests, on hosted runners). */
  readonly awsOnly: boolean;
}

/** The option of tools/plan.ts that plans only the stacks {@link usesOnlyAwsProviders} accepts. */
const AWS_ONLY = '--aws-only';

/** The tools that run Terraform on an environment's stacks, as the workflows call them. */
const TERRAFORM_COMMANDS: readonly { readonly pattern: RegExp; readonly verb: (args: readonly string[]) => string; readonly takesStacks: boolean }[] = [
  {
    pattern: /tools\/plan\.ts\s+([^\n;&|]*)/g,
    verb: (args) => (args.includes('--detailed-exitcode') ? 'checks drift of' : args.includes(AWS_ONLY) ? 'plans (AWS-only)' : 'plans'),
    takesStacks: true,
  },
  { pattern: /tools\/apply\.ts\s+([^\n;&|]*)/g, verb: () => 'applies', takesStacks: false },
  { pattern: /(?:tools\/smoke\.ts|npm run smoke --)\s+([^\n;&|]*)/g, verb: () => 'smoke-checks', takesStacks: false },
];
/** Options of tools/plan.ts and tools/apply.ts that take a value. */
const OPTIONS_WITH_VALUE = ['--out-dir', '--plans-dir'];

const recordOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/**
 * Every Terraform variable without a default is supplied by every workflow job that plans, applies or checks drift
 * of its stack: the tools run Terraform with input off (`TF_INPUT=0`, `-input=false`), so a variable nobody sets
 * stops the plan ("No value for required variable"). A job supplies a variable when the workflow's, the job's or
 * the step's `env` sets `TF_VAR_<name>` to something. A job whose `ENVIRONMENT` is a matrix expression runs for
 * every environment; one with a literal `ENVIRONMENT` only for that one, and its `TF_VAR_` values must not read
 * another environment's delivery target. A job that calls a reusable workflow of the repository is checked through
 * the called workflow's jobs, with the caller's inputs in place (see workflow-jobs.ts): a job calling it for one
 * environment counts as a job of that environment. In an environment with a GitHub Actions runner in its VPC
 * (`cluster.githubRunner`, EKS), such a job must run on it: the Kubernetes and Helm stacks need the private API endpoint.
 * Except a job whose only runs are `tools/plan.ts --aws-only` (pull requests): it plans only the stacks whose providers
 * are all `aws` (so only their variables are required) and must not run on the runner, since a pull request's role
 * may not reach the cluster.
 */
export class CiInputsContract implements PlatformContract {
  readonly id = 'ci-inputs';
  readonly title = 'CI inputs: every Terraform variable without a default is supplied by each job that plans or applies its stack, on a runner that reaches it';

  evaluate({ model, environment, workflows }: ContractInput): ContractResult {
    if (workflows === undefined) {
      return { id: this.id, title: this.title, checks: [], notes: ['not checked: no workflows were given (npm run contracts reads .github/workflows)'] };
    }
    const stacks = Object.keys(model.stacks).filter((stack) => stack.startsWith(`${environment.name}-`));
    const required = new Map(stacks.map((stack) => [stack, variablesWithoutDefault(model.stacks[stack])]));
    const checks: ContractCheck[] = [];
    const { jobs, unfollowed } = workflowJobs(workflows);
    const runner = githubRunnerName(environment);
    for (const job of [...jobs].sort((a, b) => a.file.localeCompare(b.file))) {
      const verbs = new Set<string>();
      let reachesCluster = false;
      const problems: string[] = [];
      for (const step of job.steps) {
        const env = { ...job.workflowEnv, ...job.env, ...recordOf(step.env) };
        for (const run of terraformRuns(stringOf(step.run) ?? '')) {
          const target = resolveEnvironment(run.environment, env);
          if (target !== '*' && target !== environment.name) continue;
          verbs.add(run.verb);
          reachesCluster ||= !run.awsOnly;
          const named = run.stacks.length > 0 ? run.stacks.filter((stack) => stacks.includes(stack)) : stacks;
          const touched = run.awsOnly ? named.filter((stack) => usesOnlyAwsProviders(model.stacks[stack])) : named;
          for (const stack of touched) {
            for (const variable of required.get(stack) ?? []) {
              const value = stringOf(env[`TF_VAR_${variable}`]);
              if (value === undefined || value.trim() === '') {
                problems.push(
                  `${stack}: variable "${variable}" has no default, and the job ${run.verb.split(' ')[0]} the stack without TF_VAR_${variable} (input is off, so Terraform stops with "No value for required variable"). ` +
                    `Fix: set TF_VAR_${variable} in the env of ${job.envOwner}${variable === 'image_tag' ? ' to the release manifest’s tag (the imageTag of the environment’s delivery target)' : ''}, or give the variable a default`,
                );
              } else if (target !== '*') {
                const other = [...value.matchAll(/\[\s*'([\w-]+)'\s*\]/g)].map((match) => match[1]).find((name) => name !== environment.name);
                if (other !== undefined) {
                  problems.push(`${stack}: TF_VAR_${variable} of ${job.label} reads the delivery target of '${other}', not ${environment.name}'s (${value}). Fix: index the targets with '${environment.name}'`);
                }
              }
            }
          }
        }
      }
      if (verbs.size === 0) continue;
      if (runner !== undefined) problems.push(...runnerProblems(job.runsOn, runner, environment.name, reachesCluster));
      checks.push(check(`${job.file} ${job.label}, which ${[...verbs].join(' and ')} ${environment.name}'s stacks, supplies every Terraform variable without a default`, [...new Set(problems)]));
    }
    const jobsChecked = checks.length;
    for (const call of unfollowed.filter(({ reason }) => reason === 'missing')) {
      checks.push(
        check(`${call.file} ${call.label} calls ${call.uses}, a workflow the contract can follow`, [
          `${call.uses} is not among the workflows read (${Object.keys(workflows).join(', ')}), so GitHub cannot run it and what it would run on ${environment.name} is unknown. Fix: point uses at an existing file of .github/workflows`,
        ]),
      );
    }
    const variables = [...new Set([...required.values()].flat())].sort();
    const notes = [
      `${jobsChecked} workflow job(s) run Terraform on ${environment.name}; variables without a default: ${variables.length > 0 ? variables.join(', ') : 'none'}`,
      ...unfollowed.filter(({ reason }) => reason === 'remote').map((call) => `not followed: ${call.file} ${call.label} calls ${call.uses}, another repository's workflow`),
    ];
    return { id: this.id, title: this.title, checks, notes };
  }
}

/**
 * Why a job that runs Terraform on an environment with a runner in its VPC might not run where it should. One that
 * reaches the cluster must run there: its `runs-on` is the delivery target's `runner` label with the run id and
 * attempt (CodeBuild starts a container for the label `codebuild-<project>-<run id>-<attempt>`); a GitHub-hosted
 * runner cannot reach the private API endpoint. One that plans only the AWS stacks (`--aws-only`: pull requests) must
 * not: a pull request can change what runs there, and the runner's network reaches the cluster.
 */
function runnerProblems(runsOn: unknown, runner: string, environment: string, reachesCluster: boolean): string[] {
  // A job without runs-on is shown as `(none)`, not as `""`.
  const text = typeof runsOn === 'string' ? runsOn : runsOn === undefined ? '' : JSON.stringify(runsOn);
  const referencesRunner = /\]\s*\.runner\b/.test(text) || text.includes('codebuild-');
  if (!reachesCluster) {
    return referencesRunner
      ? [
          `runs-on ${text} may be the environment's runner in the VPC (${runner}), though the job plans only the AWS-only stacks (${AWS_ONLY}): a pull request's job must not run where ${environment}'s private EKS API endpoint is reachable. ` +
            'Fix: runs-on: ubuntu-24.04',
        ]
      : [];
  }
  const namesRunner = /\]\s*\.runner\b/.test(text) && text.includes('github.run_id') && text.includes('github.run_attempt');
  return namesRunner
    ? []
    : [
        `runs-on ${text || '(none)'} is not the environment's runner in the VPC (${runner}): a GitHub-hosted runner cannot reach ${environment}'s private EKS API endpoint. ` +
          "Fix: runs-on: ${{ <targets>[<environment>].runner && format('{0}-{1}-{2}', <targets>[<environment>].runner, github.run_id, github.run_attempt) || 'ubuntu-24.04' }}",
      ];
}

/**
 * Whether a synthesized stack configures only `aws` providers, so it plans without the cluster's API (tools/plan.ts
 * --aws-only plans only these). Any other provider, Kubernetes and Helm or one not known here, counts as reaching it.
 */
export function usesOnlyAwsProviders(stack: unknown): boolean {
  return Object.keys(recordOf(recordOf(stack).provider)).every((provider) => provider === 'aws');
}

/** The names of a synthesized stack's `variable` blocks that have no `default`. */
export function variablesWithoutDefault(stack: unknown): string[] {
  return Object.entries(recordOf(recordOf(stack).variable))
    .filter(([, block]) => !('default' in recordOf(block)))
    .map(([name]) => name)
    .sort();
}

/** The Terraform runs a step's shell script starts. */
function terraformRuns(script: string): TerraformRun[] {
  const runs: TerraformRun[] = [];
  for (const { pattern, verb, takesStacks } of TERRAFORM_COMMANDS) {
    for (const match of script.matchAll(pattern)) {
      const args = match[1].split(/\s+/).filter(Boolean).map((arg) => arg.replace(/^["']|["']$/g, ''));
      const positional = args.filter((arg, index) => !arg.startsWith('-') && !OPTIONS_WITH_VALUE.includes(args[index - 1]));
      const [environment = '', ...stacks] = positional;
      runs.push({ verb: verb(args), environment, stacks: takesStacks ? stacks : [], awsOnly: takesStacks && args.includes(AWS_ONLY) });
    }
  }
  return runs;
}

/** The environment a tool's argument names: a literal name, `$ENVIRONMENT` from the env, or `*` for a matrix expression. */
function resolveEnvironment(argument: string, env: Readonly<Record<string, unknown>>): string {
  const variable = /^\$\{?(\w+)\}?$/.exec(argument)?.[1];
  const value = variable === undefined ? argument : (stringOf(env[variable]) ?? '');
  return value.includes('${{') ? '*' : value;
}
