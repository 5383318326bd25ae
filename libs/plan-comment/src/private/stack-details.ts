import {
  CHANGE_KINDS,
  changeKind,
  countChanges,
  countMovesAndImports,
  describeCounts,
  isDestructive,
  type ChangeCounts,
  type ChangeKind,
  type MovesAndImports,
  type TaggedPlan,
} from '../plan-changes';
import type { ResourceChange } from '../plan-json';
import { PlanCommentError } from '../plan-comment-error';
import { escapeHtml, inlineCode } from './markdown';

/** How many entries a group lists; groups of the destructive kinds and the others are shortened separately. */
export interface ListLimits {
  readonly destructive: number;
  readonly others: number;
}

interface Group {
  readonly heading: string;
  readonly destructive: boolean;
  readonly lines: readonly string[];
}

/** Group headings, and what the kind means where the word alone does not say it. */
const HEADINGS: Readonly<Record<ChangeKind, { readonly title: string; readonly meaning?: string }>> = {
  replace: { title: '⚠️ **Replace**', meaning: 'destroyed and created again' },
  delete: { title: '⚠️ **Destroy**' },
  update: { title: '**Change in place**' },
  create: { title: '**Add**' },
  import: { title: '**Import**', meaning: 'taken under management as it is' },
  move: { title: '**Move**', meaning: 'new address, nothing else changes' },
  forget: { title: '**Forget**', meaning: 'removed from the state, left in place' },
};

/** terraform's `action_reason` codes (https://developer.hashicorp.com/terraform/internals/json-format) in words. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'cannot be updated in place',
  replace_because_tainted: 'tainted',
  replace_by_request: 'replacement requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each added or removed',
  delete_because_count_index: 'count index out of range',
  delete_because_each_key: 'for_each key no longer present',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_no_move_target: 'moved to an address that does not exist',
};

/**
 * The collapsible per-stack part of a plan comment: resource addresses grouped by change kind, destructive kinds
 * first, then what changed outside Terraform. Only addresses, actions, reasons and attribute names are written,
 * never attribute values: plans carry sensitive values in clear text.
 */
export class StackDetails {
  readonly counts: ChangeCounts;
  /** Instances moved or imported, including those that also change (and count under that change). */
  readonly movesAndImports: MovesAndImports;
  readonly driftCount: number;
  private readonly groups: readonly Group[];
  /** Entries in the largest group of each class: the limits that list everything. */
  readonly fullLimits: ListLimits;

  constructor(readonly tagged: TaggedPlan) {
    const { plan } = tagged;
    this.counts = countChanges(plan);
    this.movesAndImports = countMovesAndImports(plan);
    const byKind = new Map<ChangeKind, ResourceChange[]>();
    for (const resource of plan.resource_changes ?? []) {
      const kind = changeKind(resource);
      if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), resource]);
    }
    const changeGroups = [...byKind]
      .sort(([a], [b]) => CHANGE_KINDS.indexOf(a) - CHANGE_KINDS.indexOf(b))
      .map(([kind, resources]) => ({
        heading: `${HEADINGS[kind].title} (${resources.length})${HEADINGS[kind].meaning ? `: ${HEADINGS[kind].meaning}` : ''}`,
        destructive: kind === 'replace' || kind === 'delete',
        lines: resources.map((resource) => changeLine(resource, kind)),
      }));
    const drift = plan.resource_drift ?? [];
    this.driftCount = drift.length;
    const driftGroup = drift.length > 0 ? [{ heading: `**Changed outside Terraform** (${drift.length})`, destructive: false, lines: drift.map(driftLine) }] : [];
    this.groups = [...changeGroups, ...driftGroup];
    const largest = (destructive: boolean) => Math.max(0, ...this.groups.filter((group) => group.destructive === destructive).map((group) => group.lines.length));
    this.fullLimits = { destructive: largest(true), others: largest(false) };
  }

  /** Whether the stack needs a section at all: it has changes or drift. */
  get hasContent(): boolean {
    return this.groups.length > 0;
  }

  /** The section listing at most `limits` entries per group, or only its counts when `limits` is 'omitted'. */
  render(limits: ListLimits | 'omitted'): string {
    const body =
      limits === 'omitted'
        ? ["The list is left out to fit GitHub's comment size limit: see the full plan."]
        : this.groups.map((group) => {
            const shown = group.lines.slice(0, group.destructive ? limits.destructive : limits.others);
            const more = group.lines.length - shown.length;
            return [group.heading, ...shown, ...(more > 0 ? [`- … and ${more} more in the full plan`] : [])].join('\n');
          });
    return this.section('', body);
  }

  /**
   * The whole list as sections of at most `maxLength` characters each (the first at most `firstMaxLength`: the room
   * left where it goes), split between entries: each is a complete `<details>` block whose summary says
   * `(list k of m)`, and a group cut in two repeats its heading, `(continued)`.
   * @throws PlanCommentError when a single entry does not fit in `maxLength`.
   */
  renderChunks(maxLength: number, firstMaxLength = maxLength): string[] {
    // Room for the longest summary suffix the chunks can get, so numbering them afterwards never overflows.
    const overhead = this.section(' (list 9999 of 9999)', ['']).length;
    const chunks: string[][] = [[]];
    const fits = (paragraphs: readonly string[]) => paragraphs.join('\n\n').length <= (chunks.length === 1 ? firstMaxLength : maxLength) - overhead;
    for (const group of this.groups) {
      let paragraph = group.heading;
      let listed = 0;
      for (const line of group.lines) {
        const chunk = chunks[chunks.length - 1];
        if (fits([...chunk, `${paragraph}\n${line}`])) {
          paragraph = `${paragraph}\n${line}`;
        } else {
          if (listed > 0) chunk.push(paragraph);
          paragraph = `${listed > 0 ? `${group.heading} (continued)` : group.heading}\n${line}`;
          // An empty first chunk only had too little room: the list starts in the next one.
          if (chunk.length > 0 || chunks.length === 1) chunks.push([]);
          if (!fits([paragraph])) {
            throw new PlanCommentError(`An entry of ${this.tagged.environment} / ${this.tagged.stack} does not fit in ${maxLength} characters: allow longer comments`);
          }
        }
        listed += 1;
      }
      chunks[chunks.length - 1].push(paragraph);
    }
    const filled = chunks.filter((chunk) => chunk.length > 0);
    return filled.map((body, index) => this.section(filled.length > 1 ? ` (list ${index + 1} of ${filled.length})` : '', body));
  }

  private section(suffix: string, body: readonly string[]): string {
    const { environment, stack } = this.tagged;
    const warning = isDestructive(this.counts) ? '⚠️ ' : '';
    const drift = this.driftCount > 0 ? `, ${this.driftCount} changed outside Terraform` : '';
    const summary = `<details><summary><b>${escapeHtml(environment)} / ${escapeHtml(stack)}</b>: ${warning}${describeCounts(this.counts)}${drift}${suffix}</summary>`;
    return [summary, ...body, '</details>'].join('\n\n');
  }
}

function changeLine(resource: ResourceChange, kind: ChangeKind): string {
  const notes: string[] = [];
  if (resource.deposed) notes.push(`deposed object ${inlineCode(resource.deposed)}`);
  if (resource.previous_address) notes.push(`moved from ${inlineCode(resource.previous_address)}`);
  // The import ID is left out with every other value: it can be a name that is not meant to be public.
  if (resource.change.importing && kind !== 'import') notes.push('imported');
  if (resource.action_reason) {
    const paths = (resource.change.replace_paths ?? []).map((path) => inlineCode(attributePath(path))).join(', ');
    if (resource.action_reason === 'replace_because_cannot_update' && paths) {
      notes.push(`${paths} cannot be updated in place`);
    } else {
      const reason = REASONS[resource.action_reason] ?? inlineCode(resource.action_reason);
      notes.push(paths ? `${reason} (${paths})` : reason);
    }
  }
  if (kind === 'replace') {
    notes.push(resource.change.actions[0] === 'create' ? 'the new one is created first (create_before_destroy)' : 'destroyed before the new one is created');
  }
  return `- ${inlineCode(resource.address)}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`;
}

function driftLine(resource: ResourceChange): string {
  const actions = resource.change.actions;
  const what = actions.includes('delete') ? 'deleted' : actions.includes('update') ? 'changed' : actions.join(', ');
  return `- ${inlineCode(resource.address)}: ${what}`;
}

/** `["rule", 0, "id"]` → `rule[0].id`; keys that are not identifiers are quoted: `tags["team/x"]`. */
function attributePath(path: ReadonlyArray<string | number>): string {
  return path
    .map((step, index) => {
      if (typeof step === 'number') return `[${step}]`;
      if (index === 0) return step;
      return /^[A-Za-z_][\w-]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
    })
    .join('');
}
