/**
 * The jobs GitHub Actions runs with steps, read from parsed workflows the way GitHub resolves them: a job that calls
 * a reusable workflow of the repository (`uses: ./.github/workflows/<file>`) runs that workflow's jobs, with the
 * caller's `with` values in place of `inputs.<name>` and the called workflow's own workflow-level `env` (the caller's
 * is not passed on). A workflow triggered only by `workflow_call` runs only through its callers.
 */

/** A job that runs steps, as GitHub runs it. */
export interface RunnableJob {
  /** The workflow file the run starts from, e.g. `.github/workflows/deploy.yml`. */
  readonly file: string;
  /** How messages name it: `job plan` or `job production (.github/workflows/deploy-environment.yml job deploy)`. */
  readonly label: string;
  /** Where its `env` is written: `job plan`, or `job deploy of .github/workflows/deploy-environment.yml`. */
  readonly envOwner: string;
  /** The `env` of its workflow, its own and its steps', inputs substituted. */
  readonly workflowEnv: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, unknown>>;
  readonly steps: readonly { readonly run?: unknown; readonly env?: unknown }[];
  /** Its `runs-on`, inputs substituted: a label, a list of labels or an expression. */
  readonly runsOn: unknown;
}

/** A job's call that could not be followed, e.g. to a workflow file that does not exist. */
export interface UnfollowedCall {
  readonly file: string;
  readonly label: string;
  readonly uses: string;
  /** `missing`: a local workflow that is not among those read; `remote`: another repository's, not read. */
  readonly reason: 'missing' | 'remote';
}

export interface WorkflowJobs {
  readonly jobs: readonly RunnableJob[];
  readonly unfollowed: readonly UnfollowedCall[];
}

const LOCAL_WORKFLOW = /^\.\/(\.github\/workflows\/[\w.-]+\.ya?ml)$/;
const WHOLE_INPUT = /^\s*\$\{\{\s*inputs\.([\w-]+)\s*\}\}\s*$/;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
/** Reusable workflows nest at most this deep (GitHub's limit is 4 levels under the caller; a cycle stops here too). */
const MAX_DEPTH = 10;

const recordOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/** The events that start a workflow, whichever of GitHub's three forms `on` is written in. */
export function triggersOf(workflow: unknown): string[] {
  const on = recordOf(workflow).on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(recordOf(on));
}

/** Every job that runs steps, starting from each workflow that is not only a reusable one. */
export function workflowJobs(workflows: Readonly<Record<string, unknown>>): WorkflowJobs {
  const jobs: RunnableJob[] = [];
  const unfollowed: UnfollowedCall[] = [];
  /** `root`: the workflow the run starts from; `caller`: the calling job's label, for a called workflow. */
  const visit = (root: string, file: string, inputs: Readonly<Record<string, string>>, caller: string | undefined, depth: number) => {
    const workflow = recordOf(substituteInputs(workflows[file], inputs));
    for (const [name, jobValue] of Object.entries(recordOf(workflow.jobs))) {
      const job = recordOf(jobValue);
      const label = caller === undefined ? `job ${name}` : `${caller} (${file} job ${name})`;
      const uses = stringOf(job.uses);
      if (uses === undefined) {
        const envOwner = caller === undefined ? `job ${name}` : `job ${name} of ${file}`;
        jobs.push({ file: root, label, envOwner, workflowEnv: recordOf(workflow.env), env: recordOf(job.env), steps: (Array.isArray(job.steps) ? job.steps : []).map(recordOf), runsOn: job['runs-on'] });
        continue;
      }
      const called = LOCAL_WORKFLOW.exec(uses)?.[1];
      if (called === undefined) unfollowed.push({ file: root, label, uses, reason: 'remote' });
      else if (!(called in workflows)) unfollowed.push({ file: root, label, uses, reason: 'missing' });
      else if (depth < MAX_DEPTH) visit(root, called, callInputs(workflows[called], recordOf(job.with)), label, depth + 1);
    }
  };
  for (const file of Object.keys(workflows)) {
    if (triggersOf(workflows[file]).some((trigger) => trigger !== 'workflow_call')) visit(file, file, {}, undefined, 0);
  }
  return { jobs, unfollowed };
}

/** The values a call gives the called workflow's inputs: the caller's `with`, else the input's default, else ''. */
function callInputs(called: unknown, given: Readonly<Record<string, unknown>>): Record<string, string> {
  const declared = recordOf(recordOf(recordOf(recordOf(called).on).workflow_call).inputs);
  const names = new Set([...Object.keys(declared), ...Object.keys(given)]);
  return Object.fromEntries([...names].map((name) => [name, stringOf(given[name]) ?? stringOf(recordOf(declared[name]).default) ?? '']));
}

/**
 * Puts input values where `inputs.<name>` is read: a value that is only `${{ inputs.x }}` becomes the given value
 * as written (a literal, or the caller's expression); inside a longer expression, `inputs.x` becomes the literal
 * `'value'` or the caller's expression in parentheses. Without inputs (a workflow run directly) nothing changes.
 */
export function substituteInputs(value: unknown, inputs: Readonly<Record<string, string>>): unknown {
  if (Object.keys(inputs).length === 0) return value;
  if (typeof value === 'string') return substituteString(value, inputs);
  if (Array.isArray(value)) return value.map((item) => substituteInputs(item, inputs));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteInputs(item, inputs)]));
  return value;
}

function substituteString(text: string, inputs: Readonly<Record<string, string>>): string {
  const whole = WHOLE_INPUT.exec(text)?.[1];
  if (whole !== undefined && whole in inputs) return inputs[whole];
  return text.replace(EXPRESSION, (_expression, body: string) => {
    const only = /^\s*inputs\.([\w-]+)\s*$/.exec(body)?.[1];
    if (only !== undefined && only in inputs && !inputs[only].includes('${{')) return inputs[only];
    return `\${{${body.replace(/\binputs\.([\w-]+)/g, (read, name: string) => (name in inputs ? asExpression(inputs[name]) : read))}}}`;
  });
}

/** A given input value as an expression operand: `'literal'`, or `(expression)` for a value that is one expression. */
function asExpression(value: string): string {
  const expression = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(value)?.[1];
  if (expression !== undefined && !expression.includes('${{')) {
    // A context path such as needs.affected.outputs.targets needs no parentheses; anything longer keeps its precedence.
    return /^[\w.-]+$/.test(expression.trim()) ? expression.trim() : `(${expression.trim()})`;
  }
  return `'${value.replace(/'/g, "''")}'`;
}
