import type { PlanJson, ResourceChange } from './plan-json';

/** A plan of one stack, tagged with where it belongs. */
export interface TaggedPlan {
  /** e.g. `production`. */
  readonly environment: string;
  /** e.g. `production-network`. */
  readonly stack: string;
  /** The parsed output of `terraform show -json <planfile>` (see parsePlanJson). */
  readonly plan: PlanJson;
  /**
   * Producers the stack waits for: it could not be planned before they apply (it reads outputs they create; see
   * tools/stack-terraform.ts planStacks), so `plan` is empty and the apply plans it after them.
   * @default - planned now
   */
  readonly deferredUntil?: readonly string[];
  /**
   * Why the stack is deferred, when not for its producers: `cluster`, a stack a pull request does not plan, since it
   * needs the cluster's private API endpoint (tools/plan.ts --aws-only); the deploy workflow plans it.
   * @default - for the producers in `deferredUntil`
   */
  readonly deferredFor?: 'cluster';
}

/**
 * What a plan does to one resource instance, in the order a reviewer should read them: destructive kinds first.
 * `replace` is destroy-and-create (either order); `import`, `move` and `forget` are imports and moves (`import` and
 * `moved` blocks) without other changes, and removals from state (`removed` blocks) that leave the object alone. An
 * import or move that also changes the object counts under that change (and is listed with a note).
 */
export const CHANGE_KINDS = ['replace', 'delete', 'update', 'create', 'import', 'move', 'forget'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Instances per change kind. Each replacement counts once, under `replace` only. */
export type ChangeCounts = Readonly<Record<ChangeKind, number>>;

/**
 * The kind of a managed resource's change; undefined for no-ops, reads and data sources. Unknown action
 * combinations of later terraform versions fall back to the most destructive action they contain.
 */
export function changeKind(resource: ResourceChange): ChangeKind | undefined {
  if (resource.mode === 'data') {
    return undefined;
  }
  const actions = resource.change.actions;
  const has = (action: string) => actions.includes(action);
  if (has('create') && has('delete')) return 'replace';
  if (has('delete')) return 'delete';
  if (has('update')) return 'update';
  if (has('create')) return 'create';
  if (has('forget')) return 'forget';
  if (resource.change.importing) return 'import';
  return resource.previous_address ? 'move' : undefined;
}

/** Instances a plan moves (from `previous_address`) and imports, whatever else it does to them. */
export interface MovesAndImports {
  readonly moved: number;
  readonly imported: number;
}

export function countMovesAndImports(plan: PlanJson): MovesAndImports {
  const managed = (plan.resource_changes ?? []).filter((resource) => resource.mode !== 'data');
  return {
    moved: managed.filter((resource) => resource.previous_address).length,
    imported: managed.filter((resource) => resource.change.importing).length,
  };
}

export function countChanges(plan: PlanJson): ChangeCounts {
  const counts: Record<ChangeKind, number> = { replace: 0, delete: 0, update: 0, create: 0, import: 0, move: 0, forget: 0 };
  for (const resource of plan.resource_changes ?? []) {
    const kind = changeKind(resource);
    if (kind) {
      counts[kind] += 1;
    }
  }
  return counts;
}

/** Whether the plan does anything at all to managed resources: a plan that only moves or imports does. */
export function hasChanges(counts: ChangeCounts): boolean {
  return CHANGE_KINDS.some((kind) => counts[kind] > 0);
}

/** Whether the plan destroys anything, on its own or as half of a replacement. */
export function isDestructive(counts: ChangeCounts): boolean {
  return counts.delete > 0 || counts.replace > 0;
}

/** `2 to replace, 1 to destroy, 3 to add` (destructive first, zeros left out), or `no changes`. */
export function describeCounts(counts: ChangeCounts): string {
  const parts = [
    [counts.replace, 'to replace'],
    [counts.delete, 'to destroy'],
    [counts.update, 'to change'],
    [counts.create, 'to add'],
    [counts.import, 'to import'],
    [counts.move, 'to move'],
    [counts.forget, 'to forget'],
  ] as const;
  const described = parts.filter(([count]) => count > 0).map(([count, text]) => `${count} ${text}`);
  return described.length > 0 ? described.join(', ') : 'no changes';
}

/**
 * One line per plan for logs, e.g. `production/production-data: 2 to replace, 1 to destroy (destructive)` or
 * `staging/staging-network: no changes`; drift is appended as `, N changed outside Terraform`.
 */
export function planSummaryLines(plans: readonly TaggedPlan[]): string[] {
  return plans.map(({ environment, stack, plan }) => {
    const counts = countChanges(plan);
    const drift = plan.resource_drift?.length ? `, ${plan.resource_drift.length} changed outside Terraform` : '';
    return `${environment}/${stack}: ${describeCounts(counts)}${isDestructive(counts) ? ' (destructive)' : ''}${drift}`;
  });
}
