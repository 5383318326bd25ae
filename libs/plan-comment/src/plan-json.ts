import { z } from 'zod';
import { PlanCommentError } from './plan-comment-error';

/**
 * The parts of `terraform show -json <planfile>` (format 1.x,
 * https://developer.hashicorp.com/terraform/internals/json-format) this library reads. Plans carry attribute values,
 * sensitive ones in clear text: the renderer reads only addresses, actions and reasons.
 */
export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  /** Changes made outside Terraform that the refresh found; only present when there were some. */
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, Change>>;
  /** Attribute values after the plan, by module; read only by the cost estimate (@platform/cost). */
  readonly planned_values?: unknown;
  /** The state before the plan; read only by the cost estimate. */
  readonly prior_state?: unknown;
  /** The configuration (provider regions, references); read only by the cost estimate. */
  readonly configuration?: unknown;
}

export interface ResourceChange {
  /** e.g. `module.vpc.aws_subnet.private["eu-central-1a"]`. */
  readonly address: string;
  /** Set when a `moved` block (or a refactoring) moved the instance from this address. */
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode?: 'managed' | 'data';
  readonly type?: string;
  readonly name?: string;
  readonly index?: string | number;
  /** Set for a deposed object (left over from a failed create-before-destroy): its key. */
  readonly deposed?: string;
  readonly provider_name?: string;
  /** Why terraform chose the action, e.g. `replace_because_cannot_update`, `delete_because_no_resource_config`. */
  readonly action_reason?: string;
  readonly change: Change;
}

export interface Change {
  /** `["no-op"]`, `["create"]`, `["read"]`, `["update"]`, `["delete"]`, `["delete","create"]`, `["create","delete"]`, `["forget"]`. */
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  /** Attribute paths that force the replacement, e.g. `[["name"], ["rule", 0, "id"]]`. */
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Set when the plan imports the object (an `import` block). */
  readonly importing?: { readonly id?: string } | null;
}

const changeSchema = z.object({ actions: z.array(z.string()).min(1), replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional() });
const resourceChangeSchema = z.object({ address: z.string().min(1), action_reason: z.string().optional(), change: changeSchema });
const planSchema = z.object({
  format_version: z.string().regex(/^1\./, 'is not 1.x: this tool reads format 1 only (terraform 1.x)'),
  resource_changes: z.array(resourceChangeSchema).optional(),
  resource_drift: z.array(resourceChangeSchema).optional(),
});

/**
 * Parses the output of `terraform show -json <planfile>`.
 * @param source names the input in errors, e.g. the file path.
 * @throws PlanCommentError when the text is not JSON, is the JSON of a state rather than a plan, or lacks what the
 * renderer reads; the message names `source` and the offending field.
 */
export function parsePlanJson(text: string, source: string): PlanJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanCommentError(`${source} is not JSON (${(error as Error).message}): pass the output of \`terraform show -json <planfile>\``);
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'values' in raw && !('planned_values' in raw)) {
    throw new PlanCommentError(`${source} is the JSON of a state, not of a plan: run \`terraform show -json\` on the plan file written by \`terraform plan -out\``);
  }
  const result = planSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'} ${issue.message}`);
    throw new PlanCommentError(`${source} is not the JSON of a terraform plan: ${problems.join('; ')}. Pass the output of \`terraform show -json <planfile>\``);
  }
  // The validated original, not zod's copy: zod drops the fields it was not told about.
  return raw as PlanJson;
}
