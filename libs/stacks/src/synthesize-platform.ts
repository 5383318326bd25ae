import { EnvironmentConfig, loadEnvironment } from '@platform/config';
import { PlatformModel } from '@platform/platform-contracts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BootstrapStack } from './bootstrap-stack';
import { hasSecondaryNetwork, secondarySite } from './secondary-site';
import { EnvironmentSource, synthesizeBootstrap, synthesizeEnvironments } from './synthesize-environments';

/** One region of an environment read as one system: the stacks that run there and the config that built them. */
export interface PlatformSite {
  /** `production`, or `production-eu-west-1` for the secondary region. */
  readonly name: string;
  /** The environment's config, or its secondary site's (see secondarySite). */
  readonly environment: EnvironmentConfig;
  /** Stack name → synthesized JSON of the stacks in {@link model}. */
  readonly stacks: Record<string, Record<string, unknown>>;
  readonly model: PlatformModel;
}

/** One environment synthesized as the contracts read it. */
export interface SynthesizedPlatform {
  readonly environment: EnvironmentConfig;
  /**
   * Stack name → synthesized JSON: the environment's primary-region stacks (with the secondary's copy targets) and
   * its account's bootstrap stack, as in {@link model}.
   */
  readonly stacks: Record<string, Record<string, unknown>>;
  /** Stack name → the stacks cdktf's manifest says it depends on (the deploy order). */
  readonly dependencies: Record<string, string[]>;
  /** The primary region's stacks (with the secondary's copy targets they write to) and the bootstrap stack. */
  readonly model: PlatformModel;
  /**
   * Each region as its own system, primary first: a secondary region's stacks with both bootstrap stacks (its state
   * store; the GitHub roles that deploy it) are checked against the secondary site's config, so two clusters, two
   * VPCs and two default StorageClasses are never mistaken for one platform.
   */
  readonly sites: readonly PlatformSite[];
}

/**
 * What {@link synthesizePlatform} synthesizes, before it is read as models: plain JSON (a test may keep it between
 * processes; {@link readSynthesizedPlatform} reads it).
 */
export interface SynthesizedPlatformStacks {
  /** Stack name → synthesized JSON of every stack of the environment (both regions). */
  readonly stacks: Record<string, Record<string, unknown>>;
  /** Stack name → the stacks cdktf's manifest says it depends on (the deploy order). */
  readonly dependencies: Record<string, string[]>;
  /** The bootstrap stacks of the environment's account in its primary and (with a recovery strategy) secondary region. */
  readonly bootstraps: Record<string, Record<string, unknown>>;
}

/**
 * Synthesizes one environment exactly as `npm run synth` does, plus the bootstrap stack of its account and region
 * (its state store and GitHub roles; `all` lists every environment, since a bootstrap stack serves all environments
 * of an account), into a temporary folder removed afterwards, and reads them as one {@link PlatformModel}, with the
 * stack dependencies of cdktf's `manifest.json` (which the stacks' JSON does not hold).
 */
export function synthesizePlatform(source: EnvironmentSource, all: readonly EnvironmentSource[] = [source]): SynthesizedPlatform {
  return readSynthesizedPlatform(source, synthesizePlatformStacks(source, all));
}

/** The synthesis half of {@link synthesizePlatform} (the costly half): the stacks, their dependencies, the bootstrap stacks. */
export function synthesizePlatformStacks(source: EnvironmentSource, all: readonly EnvironmentSource[] = [source]): SynthesizedPlatformStacks {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  try {
    const environment = loadEnvironment(source.input);
    const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const stacks: Record<string, Record<string, unknown>> = {};
    for (const { stack, file } of synthesizeEnvironments([source], path.join(outdir, 'environment'))) stacks[stack] = read(file);
    const manifest = read(path.join(outdir, 'environment', 'manifest.json')) as { stacks: Record<string, { dependencies?: string[] }> };
    const dependencies = Object.fromEntries(Object.entries(manifest.stacks).map(([stack, entry]) => [stack, [...(entry.dependencies ?? [])]]));
    const wanted = new Set(bootstrapNamesOf(environment));
    const bootstraps: Record<string, Record<string, unknown>> = {};
    for (const { stack, file } of synthesizeBootstrap(all, path.join(outdir, 'bootstrap'))) {
      if (wanted.has(stack)) bootstraps[stack] = read(file);
    }
    return { stacks, dependencies, bootstraps };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The reading half of {@link synthesizePlatform}: the environment's config and its sites' models, from its synthesized stacks. */
export function readSynthesizedPlatform(source: EnvironmentSource, synthesized: SynthesizedPlatformStacks): SynthesizedPlatform {
  const { stacks, dependencies, bootstraps } = synthesized;
  const environment = loadEnvironment(source.input);
  const [bootstrapName, secondaryBootstrapName] = bootstrapNamesOf(environment);
  const site = environment.recovery.strategy === 'none' ? undefined : secondarySite(environment);
  const suffix = site === undefined ? undefined : `-${site.region}`;
  const inSecondary = (stack: string) => suffix !== undefined && stack.endsWith(suffix);
  // The primary writes to the secondary's copies stack (vault, replica buckets, secrets key): it belongs to both.
  const copies = site === undefined ? undefined : `${environment.name}-recovery${suffix}`;
  const primaryStacks = pick(stacks, (stack) => !inSecondary(stack) || stack === copies);
  primaryStacks[bootstrapName] = bootstraps[bootstrapName];
  const model = new PlatformModel(primaryStacks, { dependencies });
  const sites: PlatformSite[] = [{ name: environment.name, environment, stacks: primaryStacks, model }];
  // A backup-restore site is only the copies' stack, already in the primary's model.
  if (site !== undefined && secondaryBootstrapName !== undefined && hasSecondaryNetwork(environment)) {
    // The primary's data stack replicates the application secrets into the region long before a failover: the
    // model holds those secrets (only them) as created by that stack, deployed before all of the site's.
    const primaryData = `${environment.name}-data`;
    const secondaryStacks = { ...pick(stacks, inSecondary), ...bootstraps, [primaryData]: secretsReplicatedTo(stacks[primaryData], site) };
    sites.push({
      name: `${environment.name}${suffix}`,
      environment: site,
      stacks: secondaryStacks,
      model: new PlatformModel(secondaryStacks, { dependencies, preexisting: [primaryData] }),
    });
  }
  return { environment, stacks: primaryStacks, dependencies, model, sites };
}

/** The bootstrap stacks an environment's platform includes: its primary region's, then its secondary region's (if any). */
function bootstrapNamesOf(environment: EnvironmentConfig): string[] {
  const site = environment.recovery.strategy === 'none' ? undefined : secondarySite(environment);
  return [BootstrapStack.nameOf(environment), ...(site === undefined ? [] : [BootstrapStack.nameOf({ accountId: site.accountId, region: site.state.region })])];
}

function pick<T>(record: Record<string, T>, keep: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep(key)));
}

/**
 * A stack holding only the `aws_secretsmanager_secret` blocks of `stack` that have a replica in the site's region,
 * placed in that region and account: what the site's stacks find there are the replicas.
 */
function secretsReplicatedTo(stack: Record<string, unknown> | undefined, site: EnvironmentConfig): Record<string, unknown> {
  const { region, accountId } = site;
  const secrets = ((stack?.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.aws_secretsmanager_secret ?? {}) as Record<string, Record<string, unknown>>;
  const replicated = Object.entries(secrets).filter(([, secret]) => ([] as { region?: unknown }[]).concat((secret.replica as { region?: unknown }[] | undefined) ?? []).some((replica) => replica.region === region));
  return { provider: { aws: [{ region, allowed_account_ids: [accountId] }] }, resource: { aws_secretsmanager_secret: Object.fromEntries(replicated) } };
}
