import { blockOf, blocksOf, stringsOf } from '@platform/guardrails';
import type { ModelResource, PlatformModel } from '../platform-model';

/**
 * What the disaster-recovery contract asks the model beyond its own API: the region a resource is created in, the
 * resource an argument references (across stacks too), the tags AWS Backup sees and which backup selections pick a
 * resource. Resolved ids are no help for some of these: every bucket's or health check's `id` resolves to the same
 * placeholder, so references are followed as written.
 */

type Json = Record<string, unknown>;

/** `${aws_x.name.attribute}`: a reference to a resource of the same stack. */
const LOCAL_REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\.[a-z][a-z0-9_]*\}$/;
/** `${data.terraform_remote_state.<input>.outputs.<output>}`: a cdktf cross-stack reference. */
const REMOTE_REFERENCE = /^\$\{data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w.-]+)\}$/;
/** cdktf names a cross-stack input `cross-stack-reference-input-<producer stack>`. */
const CROSS_STACK_INPUT = 'cross-stack-reference-input-';

/** The AWS provider configurations of a stack (cdktf writes one array of aliases). */
function awsProviders(model: PlatformModel, stack: string): Json[] {
  return blocksOf(((model.stacks[stack] as Json | undefined)?.provider as Json | undefined)?.aws);
}

/** The provider configuration a resource is created with: its `provider` alias, else the default one. */
function providerOf(model: PlatformModel, resource: ModelResource): Json | undefined {
  const alias = typeof resource.raw.provider === 'string' ? resource.raw.provider.replace(/^aws\./, '') : undefined;
  return awsProviders(model, resource.stack).find((provider) => (alias === undefined ? provider.alias === undefined : provider.alias === alias));
}

/** The region an AWS resource is created in: its provider's. */
export function regionOf(model: PlatformModel, resource: ModelResource): string | undefined {
  const region = providerOf(model, resource)?.region;
  return typeof region === 'string' ? region : undefined;
}

/** The region segment of an ARN (`arn:aws:kms:eu-west-1:…`), when it has one. */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length >= 6 && parts[3] !== '' ? parts[3] : undefined;
}

/**
 * The resource an argument of `holder` references as written: `${aws_x.name.attr}` in the same stack, or a
 * cross-stack reference (followed to the producer's output and the resource that output names).
 */
export function referencedResource(model: PlatformModel, holder: ModelResource, raw: unknown): ModelResource | undefined {
  if (typeof raw !== 'string') return undefined;
  const local = LOCAL_REFERENCE.exec(raw);
  if (local) return model.resources(local[1]).find((resource) => resource.stack === holder.stack && resource.name === local[2]);
  const remote = REMOTE_REFERENCE.exec(raw);
  if (!remote) return undefined;
  const producers = remote[1].startsWith(CROSS_STACK_INPUT) ? [remote[1].slice(CROSS_STACK_INPUT.length)] : Object.keys(model.stacks);
  for (const producer of producers) {
    const output = blockOf(((model.stacks[producer] as Json | undefined)?.output as Json | undefined)?.[remote[2]]);
    const target = typeof output?.value === 'string' ? LOCAL_REFERENCE.exec(output.value) : null;
    if (target) return model.resources(target[1]).find((resource) => resource.stack === producer && resource.name === target[2]);
  }
  return undefined;
}

/** The bucket an argument names: by reference, by name, or by ARN (`arn:aws:s3:::<name>`). */
export function bucketNamed(model: PlatformModel, holder: ModelResource, argument: string, container: { raw: unknown; values: unknown } = holder): ModelResource | undefined {
  const raw = (blockOf(container.raw) ?? {})[argument];
  const referenced = referencedResource(model, holder, raw);
  if (referenced?.type === 'aws_s3_bucket') return referenced;
  const value = (blockOf(container.values) ?? {})[argument];
  if (typeof value !== 'string') return undefined;
  const name = value.replace(/^arn:[\w-]+:s3:::/, '');
  return model.resources('aws_s3_bucket').find((bucket) => bucket.values.bucket === name);
}

/** How a KMS key an argument names was found: the key resource and its region, or why it was not. */
export interface KeyLocation {
  readonly key?: ModelResource;
  readonly region?: string;
  /** The key as written or resolved, for messages. */
  readonly shown: string;
}

/** The KMS key an ARN names, when the model creates it, and that key's region. */
export function keyLocation(model: PlatformModel, arn: unknown): KeyLocation {
  if (typeof arn !== 'string' || arn === '') return { shown: 'no key' };
  const key = model.resourceWithId(arn);
  if (key === undefined || (key.type !== 'aws_kms_key' && key.type !== 'aws_kms_replica_key')) return { shown: arn };
  return { key, region: regionOf(model, key), shown: key.constructPath };
}

/** Problems with a KMS key that must be a key of `region` created by the platform; empty when it is. */
export function keyInRegionProblems(model: PlatformModel, what: string, arn: unknown, region: string, fix: string): string[] {
  const found = keyLocation(model, arn);
  if (found.key === undefined) return [`${what} names ${found.shown}, not a KMS key the platform creates. Fix: ${fix}`];
  if (found.region !== region) return [`${what} names ${found.shown}, a key of ${String(found.region)}, not of ${region}. Fix: ${fix}`];
  return [];
}

/** The tags AWS sees on a resource: its provider's default tags and its own. */
export function resourceTags(model: PlatformModel, resource: ModelResource): Record<string, string> {
  const defaults = blockOf(blockOf(providerOf(model, resource)?.default_tags)?.tags) ?? {};
  return { ...(defaults as Record<string, string>), ...((blockOf(resource.values.tags) ?? {}) as Record<string, string>) };
}

/** An AWS Backup selection as the contract reads it. */
export interface BackupSelection {
  readonly resource: ModelResource;
  /** The plan it belongs to, when the model has it. */
  readonly plan?: ModelResource;
  /** `selection_tag` blocks of type STRINGEQUALS: any one selects. */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** ARNs (with `*` wildcards) in `resources` and `not_resources`. */
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `condition.string_equals` (`aws:ResourceTag/<key>` = value): all must hold. */
  readonly conditions: readonly { readonly key: string; readonly value: string }[];
}

/** Every backup selection of the model. */
export function backupSelections(model: PlatformModel): BackupSelection[] {
  return model.resources('aws_backup_selection').map((resource) => {
    const plan = referencedResource(model, resource, resource.raw.plan_id);
    const pairs = (blocks: unknown) =>
      blocksOf(blocks).map((entry) => ({ key: String(entry.key).replace(/^aws:ResourceTag\//, ''), value: String(entry.value) }));
    return {
      resource,
      plan: plan?.type === 'aws_backup_plan' ? plan : undefined,
      tags: pairs(blocksOf(resource.values.selection_tag).filter((tag) => String(tag.type).toUpperCase() === 'STRINGEQUALS')),
      resources: stringsOf(resource.values.resources),
      notResources: stringsOf(resource.values.not_resources),
      conditions: blocksOf(resource.values.condition).flatMap((condition) => pairs(condition.string_equals)),
    };
  });
}

const wildcard = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/**
 * Whether a selection picks a resource with these tags and ARNs: listed in `resources` or tagged as a `selection_tag`
 * says, every `condition` holds, and not listed in `not_resources` (AWS Backup's rules for a selection).
 */
export function selects(selection: BackupSelection, tags: Readonly<Record<string, string>>, arns: readonly string[]): boolean {
  const listed = (patterns: readonly string[]) => patterns.some((pattern) => arns.some((arn) => wildcard(pattern).test(arn)));
  const tagged = selection.tags.some((tag) => tags[tag.key] === tag.value);
  const conditionsHold = selection.conditions.every((condition) => tags[condition.key] === condition.value);
  return (listed(selection.resources) || tagged) && conditionsHold && !listed(selection.notResources);
}

/** AWS Backup schedule expressions: `cron(min hour dom month dow year)` or `rate(n unit)`. */
const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;
const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;

/**
 * The longest gap in hours between two runs of a schedule that runs every day, or undefined when the schedule is
 * not daily (a day-of-month or day-of-week restriction) or not understood.
 */
export function scheduleGapHours(schedule: unknown): number | undefined {
  if (typeof schedule !== 'string') return undefined;
  const rate = RATE.exec(schedule.trim());
  if (rate) return Number(rate[1]) / (rate[2].startsWith('minute') ? 60 : rate[2].startsWith('hour') ? 1 : 1 / 24);
  const cron = CRON.exec(schedule.trim());
  if (!cron) return undefined;
  const [, , hours, dayOfMonth, month, dayOfWeek] = cron;
  if (!['*', '?'].includes(dayOfMonth) || month !== '*' || !['*', '?'].includes(dayOfWeek)) return undefined;
  const runs = cronHours(hours);
  if (runs === undefined || runs.length === 0) return undefined;
  // The gap after the last run wraps to the first run of the next day.
  return Math.max(...runs.map((hour, index) => (index + 1 < runs.length ? runs[index + 1] - hour : runs[0] + 24 - hour)));
}

/** The hours a cron hour field runs at (`*`, `*\/6`, `0-23/4`, `1,7,13,19`), sorted; undefined when not understood. */
function cronHours(field: string): number[] | undefined {
  const hours = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[2] ? Number(match[2]) : 1;
    if (step < 1) return undefined;
    // `*` is every hour; `a-b` a range; `a` alone is that hour, or with a step the hours from it to the day's end.
    const [from, to] = match[1] === '*' ? [0, 23] : match[1].includes('-') ? match[1].split('-').map(Number) : [Number(match[1]), match[2] ? 23 : Number(match[1])];
    for (let hour = from; hour <= to; hour += step) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}
