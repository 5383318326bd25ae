import { GITHUB_BODY_LIMIT } from './github-connection';
import { hasChanges, isDestructive, type TaggedPlan } from './plan-changes';
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
   * @default 65536 (GitHub's limit); renderPlanCommentParts: 65000 per part
   */
  readonly maxLength?: number;
  /**
   * Where each environment was planned, by environment: the plan job's page (or the run's); the environment's cells
   * of the table link to it.
   * @default - environments without an entry link to `runUrl`
   */
  readonly environmentUrls?: Readonly<Record<string, string>>;
  /**
   * The workflow run that planned the environments: the link of every environment without an `environmentUrls` entry.
   * @default - no link
   */
  readonly runUrl?: string;
  /**
   * Whether to add each environment's monthly cost estimate before → after (@platform/cost), from the plans'
   * `prior_state` and `planned_values`.
   * @default true
   */
  readonly costEstimate?: boolean;
}

/**
 * The hidden first line of part `part` of a comment rendered with `key`: `<!-- platform-plan-comment:<key> -->` for
 * the first (the only one when the plans fit one comment, as comments of earlier versions of this tool are), and
 * `<!-- platform-plan-comment:<key>:part-<n> -->` for the n-th. Keys cannot contain `:`, so no marker is another's.
 */
export function commentMarker(key: string = DEFAULT_MARKER_KEY, part = 1): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(key)) {
    throw new PlanCommentError(`Marker key '${key}' is not allowed: use 1 to 64 letters, digits, '.', '_' or '-', e.g. 'plan' or 'plan-production'`);
  }
  if (!Number.isInteger(part) || part < 1) {
    throw new PlanCommentError(`Comment part ${part} is not a positive integer`);
  }
  return part === 1 ? `<!-- platform-plan-comment:${key} -->` : `<!-- platform-plan-comment:${key}:part-${part} -->`;
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
  const header = [marker, `## ${options.title ?? 'Terraform plan'}`, summary(plans, allStacks, options)].join('\n\n');
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

/** Longest part renderPlanCommentParts writes by default: GitHub's limit less a margin for what it may add. */
export const DEFAULT_PART_LENGTH = 65_000;

/**
 * Options of renderPlanCommentParts. `maxLength` applies to each part.
 */
export interface RenderPlanCommentPartsOptions extends RenderPlanCommentOptions {
  /**
   * Most comments to write. Lists that would need more are left out of the last one, with a note pointing to the
   * full plan; the table in the first part still counts every stack.
   * @default 10
   */
  readonly maxParts?: number;
}

/**
 * The plan comment as one or more comments (Atlantis splits the same way), each at most `maxLength` characters
 * (default {@link DEFAULT_PART_LENGTH}) and valid Markdown on its own: no `<details>` block, list or table is cut
 * open across two. The first part holds the marker, the table and the cost estimate, and as many stacks' lists as fit;
 * the others follow, a stack's list whole where it fits in one comment and else split between entries into
 * `(list k of m)` blocks. With more than one part, each heading says `(part i of n)` and each part starts with its own
 * marker (see commentMarker): a later run finds and edits them. With one part the output is renderPlanComment's.
 * @throws PlanCommentError as renderPlanComment does, and when `maxParts` is not a positive integer.
 */
export function renderPlanCommentParts(plans: readonly TaggedPlan[], options: RenderPlanCommentPartsOptions = {}): string[] {
  const key = options.markerKey ?? DEFAULT_MARKER_KEY;
  commentMarker(key);
  const maxLength = options.maxLength ?? DEFAULT_PART_LENGTH;
  const maxParts = options.maxParts ?? 10;
  requireValidInput(plans, options, maxLength);
  if (!Number.isInteger(maxParts) || maxParts < 1) {
    throw new PlanCommentError(`maxParts ${maxParts} is not a positive integer: leave it unset for 10`);
  }
  const title = options.title ?? 'Terraform plan';
  const allStacks = plans.map((plan) => new StackDetails(plan));
  const summaryText = summary(plans, allStacks, options);
  // Headings are measured with the widest numbers they can get, so numbering the parts afterwards never overflows.
  const head = (part: number, count: number | string) => [commentMarker(key, part), `## ${title}${count === 1 ? '' : ` (part ${part} of ${count})`}`].join('\n\n');
  const firstHead = `${head(1, '9999')}\n\n${summaryText}`;
  const laterRoom = maxLength - `${head(9999, 9999)}\n\n\n`.length;
  if (`${firstHead}\n`.length > maxLength) {
    throw new PlanCommentError(`The table of ${plans.length} stacks does not fit in ${maxLength} characters: post the environments as separate comments (one marker key each)`);
  }

  const fits = (part: number, sections: readonly string[]) => [part === 0 ? firstHead : head(9999, 9999), ...sections].join('\n\n').length + 1 <= maxLength;
  const parts: string[][] = [[]];
  const place = (block: string) => {
    if (fits(parts.length - 1, [...parts[parts.length - 1], block])) {
      parts[parts.length - 1].push(block);
    } else {
      parts.push([block]);
    }
  };
  for (const details of allStacks.filter((stack) => stack.hasContent)) {
    const whole = details.render(details.fullLimits);
    if (whole.length <= laterRoom || fits(parts.length - 1, [...parts[parts.length - 1], whole])) {
      place(whole);
    } else {
      // A list no comment holds whole starts in the room left in the current part.
      const index = parts.length - 1;
      const used = [index === 0 ? firstHead : head(9999, 9999), ...parts[index], ''].join('\n\n').length + 1;
      details.renderChunks(laterRoom, maxLength - used).forEach(place);
    }
  }
  if (parts.length > maxParts) {
    parts.length = maxParts;
    const last = parts[maxParts - 1];
    const note = leftOutNote(maxParts, options.artifactUrl);
    while (last.length > 0 && !fits(maxParts - 1, [...last, note])) last.pop();
    last.push(note);
  }
  const count = parts.length;
  return parts.map((sections, index) => {
    const top = index === 0 ? [head(1, count), summaryText] : [head(index + 1, count)];
    return `${[...top, ...sections].join('\n\n')}\n`;
  });
}

const LEGEND = 'A replacement (destroy and create) counts once, under Replace; terraform\'s own summary counts it as one add and one destroy.';

/** The table, its legend and the cost estimate: what the first part always shows. */
function summary(plans: readonly TaggedPlan[], stacks: readonly StackDetails[], options: RenderPlanCommentOptions): string {
  const cost = options.costEstimate === false ? undefined : costSection(plans);
  return [table(stacks, options), LEGEND, ...(cost ? [cost] : [])].join('\n\n');
}

function leftOutNote(maxParts: number, artifactUrl: string | undefined): string {
  const where = artifactUrl ? `: ${artifactUrl}` : ' of this workflow run';
  return `> [!NOTE]\n> More lists than ${maxParts} comments hold are left out — full plan in the workflow artifact${where}`;
}

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
  const urls = { artifactUrl: options.artifactUrl, runUrl: options.runUrl, ...Object.fromEntries(Object.entries(options.environmentUrls ?? {}).map(([environment, url]) => [`environmentUrls.${environment}`, url])) };
  for (const [name, url] of Object.entries(urls)) {
    if (url !== undefined && !/^https?:\/\/[^\s()<>]+$/.test(url)) {
      throw new PlanCommentError(`${name} '${url}' is not an http(s) URL: pass the workflow run's (or artifact's) URL`);
    }
  }
  if (!Number.isInteger(maxLength) || maxLength <= 0 || maxLength > GITHUB_BODY_LIMIT) {
    throw new PlanCommentError(`maxLength ${maxLength} is not between 1 and ${GITHUB_BODY_LIMIT}: leave it unset for GitHub's limit`);
  }
}

function table(stacks: readonly StackDetails[], options: RenderPlanCommentOptions): string {
  const rows = stacks.map(({ tagged, counts, movesAndImports, driftCount }) => {
    const status: string[] = [];
    if (isDestructive(counts)) status.push('⚠️ destroys resources');
    if (movesAndImports.moved > 0) status.push(`${movesAndImports.moved} moved`);
    if (movesAndImports.imported > 0) status.push(`${movesAndImports.imported} to import`);
    if (counts.forget > 0) status.push(`${counts.forget} to forget`);
    if (tagged.deferredFor === 'cluster') status.push('⏳ not planned in pull requests (needs the private cluster API): planned by the deploy workflow');
    else if (tagged.deferredUntil !== undefined) status.push(`⏳ not planned yet: planned and applied after ${tagged.deferredUntil.map(escapeHtml).join(', ')} (reads outputs they create)`);
    else if (!hasChanges(counts)) status.push('✅ no changes');
    if (driftCount > 0) status.push(`${driftCount} changed outside Terraform`);
    const url = options.environmentUrls?.[tagged.environment] ?? options.runUrl;
    const environment = url ? `[${escapeHtml(tagged.environment)}](${url})` : escapeHtml(tagged.environment);
    const cells = [environment, escapeHtml(tagged.stack), counts.create, counts.update, counts.delete, counts.replace, status.join(', ')];
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
