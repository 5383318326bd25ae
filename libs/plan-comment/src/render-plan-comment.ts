import { GITHUB_BODY_LIMIT } from './github-connection';
import { isDestructive, type TaggedPlan } from './plan-changes';
import { PlanCommentError } from './plan-comment-error';
import { costSection } from './private/cost-section';
import { escapeHtml } from './private/markdown';
import { StackDetails, type ListLimits } from './private/stack-details';

export const DEFAULT_MARKER_KEY = 'plan';

export interface RenderPlanCommentOptions {
  /**
   * Key of the hidden marker (`<!-- platform-plan-comment:<key> -->`) by which the comment is found again; comments
   * with different keys live side by side on one pull request. Letters, digits, `.`, `_` and `-`.
   * @default 'plan'
   */
  readonly markerKey?: string;
  /**
   * Heading of the comment.
   * @default 'Terraform plan'
   */
  readonly title?: string;
  /**
   * Where the workflow run's artifact with the full plans can be downloaded; linked when details are left out.
   * @default - the note names the artifact without a link
   */
  readonly artifactUrl?: string;
  /**
   * Longest comment to render, in characters (UTF-16 code units, never fewer than GitHub counts).
   * @default 65536 (GitHub's limit)
   */
  readonly maxLength?: number;
  /**
   * Whether to add each environment's monthly cost estimate before → after (@platform/cost), from the plans'
   * `prior_state` and `planned_values`.
   * @default true
   */
  readonly costEstimate?: boolean;
}

/** The hidden first line of a comment rendered with `key`. */
export function commentMarker(key: string = DEFAULT_MARKER_KEY): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(key)) {
    throw new PlanCommentError(`Marker key '${key}' is not allowed: use 1 to 64 letters, digits, '.', '_' or '-', e.g. 'plan' or 'plan-production'`);
  }
  return `<!-- platform-plan-comment:${key} -->`;
}

/**
 * A pull request comment summarising terraform plans: the hidden marker, a table environment × stack with the
 * instances to add, change, destroy and replace (a replacement counts once, under Replace; ✅ when nothing changes,
 * ⚠️ when something is destroyed), each environment's monthly cost estimate before → after, then per stack with changes or drift a collapsible list of addresses grouped by
 * action, replacements and deletions first. Attribute values never appear.
 *
 * A comment longer than `maxLength` keeps its table; the lists are shortened from the largest stack down (other
 * changes before replacements and deletions, then the whole list), and a note points to the full plan.
 * @throws PlanCommentError when there is no plan, an environment/stack pair repeats, an option is invalid, or the
 * table alone exceeds `maxLength`.
 */
export function renderPlanComment(plans: readonly TaggedPlan[], options: RenderPlanCommentOptions = {}): string {
  const marker = commentMarker(options.markerKey);
  const maxLength = options.maxLength ?? GITHUB_BODY_LIMIT;
  requireValidInput(plans, options, maxLength);

  const allStacks = plans.map((plan) => new StackDetails(plan));
  const stacks = allStacks.filter((details) => details.hasContent);
  const cost = options.costEstimate === false ? undefined : costSection(plans);
  const header = [marker, `## ${options.title ?? 'Terraform plan'}`, table(allStacks), LEGEND, ...(cost ? [cost] : [])].join('\n\n');
  const full = joinParts(header, stacks.map((details) => details.render(details.fullLimits)));
  if (full.length <= maxLength) {
    return full;
  }

  const note = truncationNote(options.artifactUrl);
  const heading = `${header}\n\n${note}`;
  if (joinParts(heading, stacks.map((details) => details.render('omitted'))).length > maxLength) {
    throw new PlanCommentError(
      `The table of ${plans.length} stacks does not fit in ${maxLength} characters: post the environments as separate comments (one marker key each)`,
    );
  }
  const sections = stacks.map((details) => ({ details, limits: details.fullLimits as ListLimits | 'omitted', text: details.render(details.fullLimits) }));
  let excess = joinParts(heading, sections.map(({ text }) => text)).length - maxLength;
  while (excess > 0) {
    const largest = sections.filter(({ limits }) => limits !== 'omitted').reduce((a, b) => (b.text.length > a.text.length ? b : a));
    largest.limits = shorterLimits(largest.details, largest.limits as ListLimits, largest.text.length - excess);
    const text = largest.details.render(largest.limits);
    excess -= largest.text.length - text.length;
    largest.text = text;
  }
  return joinParts(heading, sections.map(({ text }) => text));
}

const LEGEND = 'A replacement (destroy and create) counts once, under Replace; terraform\'s own summary counts it as one add and one destroy.';

function requireValidInput(plans: readonly TaggedPlan[], options: RenderPlanCommentOptions, maxLength: number): void {
  if (plans.length === 0) {
    throw new PlanCommentError('No plans to render: pass at least one `terraform show -json` plan');
  }
  const seen = new Set<string>();
  for (const { environment, stack } of plans) {
    if (!environment || !stack) {
      throw new PlanCommentError(`A plan lacks its environment or stack ('${environment}' / '${stack}'): tag every plan with both`);
    }
    if (seen.has(`${environment}\n${stack}`)) {
      throw new PlanCommentError(`Two plans for ${environment} / ${stack}: pass each stack's plan once`);
    }
    seen.add(`${environment}\n${stack}`);
  }
  if (options.artifactUrl !== undefined && !/^https?:\/\/\S+$/.test(options.artifactUrl)) {
    throw new PlanCommentError(`artifactUrl '${options.artifactUrl}' is not an http(s) URL: pass the workflow artifact's URL`);
  }
  if (!Number.isInteger(maxLength) || maxLength <= 0 || maxLength > GITHUB_BODY_LIMIT) {
    throw new PlanCommentError(`maxLength ${maxLength} is not between 1 and ${GITHUB_BODY_LIMIT}: leave it unset for GitHub's limit`);
  }
}

function table(stacks: readonly StackDetails[]): string {
  const rows = stacks.map(({ tagged, counts, driftCount }) => {
    const status: string[] = [];
    if (isDestructive(counts)) status.push('⚠️ destroys resources');
    if (counts.import > 0) status.push(`${counts.import} to import`);
    if (counts.forget > 0) status.push(`${counts.forget} to forget`);
    const changes = counts.create + counts.update + counts.delete + counts.replace + counts.import + counts.forget;
    if (changes === 0) status.push('✅ no changes');
    if (driftCount > 0) status.push(`${driftCount} changed outside Terraform`);
    const cells = [escapeHtml(tagged.environment), escapeHtml(tagged.stack), counts.create, counts.update, counts.delete, counts.replace, status.join(', ')];
    return `| ${cells.join(' | ')} |`;
  });
  return ['| Environment | Stack | Add | Change | Destroy | Replace | Status |', '| :-- | :-- | --: | --: | --: | --: | :-- |', ...rows].join('\n');
}

function truncationNote(artifactUrl: string | undefined): string {
  const where = artifactUrl ? `: ${artifactUrl}` : ' of this workflow run';
  return `> [!NOTE]\n> Some lists below are truncated — full plan in the workflow artifact${where}`;
}

function joinParts(heading: string, sections: readonly string[]): string {
  return `${[heading, ...sections].join('\n\n')}\n`;
}

/**
 * The longest limits below `current` under which the section fits in `target` characters: fewer other changes
 * first, then fewer replacements and deletions, else 'omitted'.
 */
function shorterLimits(details: StackDetails, current: ListLimits, target: number): ListLimits | 'omitted' {
  const fits = (limits: ListLimits) => details.render(limits).length <= target;
  const others = largestFitting(current.others, (others) => fits({ ...current, others }));
  if (others !== undefined) {
    return { ...current, others };
  }
  const destructive = largestFitting(current.destructive, (count) => fits({ destructive: count, others: 0 }));
  return destructive === undefined ? 'omitted' : { destructive, others: 0 };
}

/** The largest n below `below` (and at least 0) with `fits(n)`, by bisection; `fits` grows with n. */
function largestFitting(below: number, fits: (n: number) => boolean): number | undefined {
  if (below <= 0 || !fits(0)) {
    return undefined;
  }
  let low = 0;
  let high = below - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}
