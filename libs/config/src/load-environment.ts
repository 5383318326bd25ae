import { closestMatch, partitionOf, PlatformError } from '@platform/core';
import type { z } from 'zod';
import { eksOnlySettingsIn } from './ecs-schema';
import { EnvironmentConfig, EnvironmentInput, environmentSchema } from './environment-schema';
import { secondaryZones } from './recovery-schema';

/** One invalid field: its dotted path in the environment file and what to do about it. */
export interface ConfigIssue {
  readonly field: string;
  readonly message: string;
}

/** An environment file failed validation; the message lists every invalid field with its fix. */
export class EnvironmentConfigError extends PlatformError {
  constructor(
    readonly environment: string,
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      [`Environment '${environment}' (${source}) is invalid:`, ...issues.map((issue) => `  - ${issue.field || '(top level)'}: ${issue.message}`)].join('\n'),
    );
  }
}

export interface LoadEnvironmentOptions {
  /** Where the input came from, for messages. @default 'environments/<name>/environment.ts' */
  readonly source?: string;
  /** Name the environment must declare: its folder and app name. @default - any valid name */
  readonly expectedName?: string;
}

/**
 * Types an environment file. Validation happens later, in {@link loadEnvironment}, so a bad file is reported by
 * the synth command with every problem at once instead of crashing at import.
 */
export function defineEnvironment(input: EnvironmentInput): EnvironmentInput {
  return input;
}

/** Validates an environment file, fills in defaults and derives tags and names; throws {@link EnvironmentConfigError}. */
export function loadEnvironment(input: unknown, options: LoadEnvironmentOptions = {}): EnvironmentConfig {
  const declaredName = typeof input === 'object' && input !== null && 'name' in input ? String(input.name) : undefined;
  const environment = options.expectedName ?? declaredName ?? '(unnamed)';
  const source = options.source ?? `environments/${environment}/environment.ts`;
  const result = environmentSchema.safeParse(input);
  const issues = result.success ? [] : result.error.issues.flatMap((issue) => toConfigIssues(issue, input));
  for (const [path, message] of eksOnlySettingsIn(input)) issues.push({ field: path.join('.'), message });
  if (options.expectedName !== undefined && declaredName !== options.expectedName) {
    issues.unshift({
      field: 'name',
      message: `declares '${declaredName}' but the file belongs to environment '${options.expectedName}'. Fix: set name: '${options.expectedName}'`,
    });
  }
  if (!result.success || issues.length > 0) {
    throw new EnvironmentConfigError(environment, source, issues);
  }
  // An ECS environment has no cluster: nothing of the in-cluster defaults (Prometheus, Loki, the services catalog)
  // may reach its stacks. Tracing stays: its sampling rate drives X-Ray.
  const env =
    result.data.compute === 'ecs'
      ? {
          ...result.data,
          workloads: { ...result.data.workloads, enabled: false },
          observability: { ...result.data.observability, metrics: { ...result.data.observability.metrics, enabled: false }, logs: { ...result.data.observability.logs, enabled: false } },
        }
      : result.data;
  const stateRegion = env.state.region ?? env.region;
  const kmsKeyAlias = env.state.kmsKeyAlias ?? `alias/${env.project}-terraform-state`;
  return {
    ...env,
    state: {
      bucket: env.state.bucket ?? `${env.project}-tfstate-${env.accountId}-${stateRegion}`,
      lockTable: env.state.lockTable ?? `${env.project}-terraform-locks`,
      kmsKeyAlias,
      kmsKeyArn: `arn:${partitionOf(stateRegion)}:kms:${stateRegion}:${env.accountId}:${kmsKeyAlias}`,
      region: stateRegion,
      keyPrefix: env.state.keyPrefix ?? env.name,
      useLockfile: env.state.useLockfile,
      bootstrapBackend: env.state.bootstrapBackend,
    },
    recovery: { ...env.recovery, secondaryAvailabilityZones: secondaryZones(env) },
    // `storymagic-production` of project storymagic is `storymagic-production`, not `storymagic-storymagic-production`.
    resourcePrefix: env.name.startsWith(`${env.project}-`) ? env.name : `${env.project}-${env.name}`,
    tags: {
      ...env.additionalTags,
      Environment: env.name,
      Project: env.project,
      Owner: env.owner,
      CostCenter: env.costCenter,
      ManagedBy: 'cdktf',
    },
  };
}

/** Where the field table of every setting is: the messages that cannot name the value to write point there. */
const REFERENCE = 'docs/environment-config.md';

function toConfigIssues(issue: z.core.$ZodIssue, input: unknown): ConfigIssue[] {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    // One issue per key, at the key itself: the synth command finds its line, and the fix names the setting meant —
    // never one the file already sets (renaming to it would write the key twice).
    const present = Object.keys(objectAt(input, issue.path));
    const known = knownSettingsAt(issue.path).filter((setting) => !present.includes(setting));
    return issue.keys.map((key) => ({ field: [...issue.path, key].map(String).join('.'), message: unknownSettingMessage(key, known, field) }));
  }
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    // A record key the key schema refused: its own message (what a name may be), at the key's path.
    return toConfigIssues({ ...issue.issues[0], path: issue.path } as z.core.$ZodIssue, input);
  }
  if (issue.code === 'invalid_union') {
    // The value has the type of one option (an object where `false` or an object is accepted) and fails inside it:
    // that option's problems, at their own paths, say more than "write false or an object".
    const matched = issue.errors.find((branch) => branch.length > 0 && branch.every((sub) => sub.path.length > 0 || sub.code === 'unrecognized_keys'));
    if (matched !== undefined) return matched.flatMap((sub) => toConfigIssues({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue, input));
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    const name = String(issue.path[issue.path.length - 1] ?? 'it');
    return [{ field, message: `is missing. Fix: add ${name}: ${placeholderOf(issue.expected)} (see ${REFERENCE})` }];
  }
  // The schema's own messages say what to do; zod's defaults ("Invalid input: ...", "Too small: ...") do not.
  const zodDefault = /^(Invalid|Too (small|big))\b/.test(issue.message);
  return [{ field, message: zodDefault ? `${issue.message}. Fix: ${genericFix(issue)}` : issue.message }];
}

/** The object at `path` inside `input`, or an empty one where there is none. */
function objectAt(input: unknown, path: readonly PropertyKey[]): Record<string, unknown> {
  const value = path.reduce<unknown>((current, key) => (typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined), input);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** An unknown key: the known setting it most likely misspells, else where the settings of its parent are listed. */
function unknownSettingMessage(key: string, known: readonly string[], parent: string): string {
  const meant = closestMatch(key, known, Math.max(2, Math.floor(key.length / 3)));
  if (meant !== undefined) return `is not a setting (did you mean '${meant}'?). Fix: rename it to ${meant}, or remove it`;
  return `is not a setting of ${parent === '' ? 'an environment' : parent}. Fix: remove it, or write one of the settings ${REFERENCE} lists there`;
}

/** How a missing value of type `expected` is written in an environment file. */
function placeholderOf(expected: string): string {
  if (expected === 'object') return '{ ... }';
  if (expected === 'array') return '[ ... ]';
  if (expected === 'string') return "'...'";
  return `<${article(expected)} ${expected}>`;
}

type SchemaNode = { readonly _zod: { readonly def: Readonly<Record<string, unknown>> } };

/** The keys the schema accepts in the object at `path` (through optional, default, union and record wrappers). */
function knownSettingsAt(path: readonly PropertyKey[]): string[] {
  let nodes = unwrapped(environmentSchema as unknown as SchemaNode);
  for (const segment of path) {
    nodes = nodes.flatMap((node) => {
      const def = node._zod.def;
      if (def.type === 'object') {
        const next = (def.shape as Record<string, SchemaNode>)[String(segment)];
        return next === undefined ? [] : unwrapped(next);
      }
      if (def.type === 'record') return unwrapped(def.valueType as SchemaNode);
      if (def.type === 'array') return unwrapped(def.element as SchemaNode);
      return [];
    });
  }
  return [...new Set(nodes.flatMap((node) => (node._zod.def.type === 'object' ? Object.keys(node._zod.def.shape as object) : [])))];
}

/** `node` without the wrappers that do not change what it accepts; a union's options. */
function unwrapped(node: SchemaNode): SchemaNode[] {
  const def = node._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return unwrapped(def.innerType as SchemaNode);
    case 'pipe':
      return unwrapped(def.in as SchemaNode);
    case 'union':
      return (def.options as SchemaNode[]).flatMap(unwrapped);
    default:
      return [node];
  }
}

/** A fix for zod's default messages (wrong type, missing field, value out of range), which name no remedy. */
function genericFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'write a whole number' : `write ${article(issue.expected)} ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `list at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
        : `use a value ${issue.inclusive === false ? 'above' : 'of at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `list at most ${String(issue.maximum)} item${issue.maximum === 1 ? '' : 's'}`
        : `use a value ${issue.inclusive === false ? 'below' : 'of at most'} ${String(issue.maximum)}`;
    case 'invalid_union':
      return unionFix(issue);
    default:
      return `correct the value (see the field table in ${REFERENCE})`;
  }
}

/** What a union accepts: the discriminator's values, or each option's expected type or values. */
function unionFix(issue: z.core.$ZodIssueInvalidUnion): string {
  if ('options' in issue && issue.discriminator !== undefined && issue.options !== undefined) {
    return `set ${issue.discriminator} to one of ${issue.options.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  const accepted = issue.errors.map(([first]) => {
    if (first?.code === 'invalid_value') return first.values.map((value) => JSON.stringify(value)).join(' or ');
    if (first?.code === 'invalid_type') return `${article(first.expected)} ${first.expected}`;
    return undefined;
  });
  return accepted.every((text) => text !== undefined) ? `write ${accepted.join(' or ')}` : `correct the value (see the field table in ${REFERENCE})`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
