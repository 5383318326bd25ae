/**
 * The pure parts of `npm run check:cdktn` (tools/check-cdktn.ts): its command line and the package.json that moves a
 * copy of the workspace from HashiCorp's archived cdktf onto CDK Terrain (`cdktn`, the community continuation).
 *
 * Why an npm alias (`"cdktf": "npm:cdktn@…"`) rather than importing `cdktn`: the provider bindings the platform plans
 * against (@cdktf/provider-aws 20.1.0 = hashicorp/aws 5.100.0, -kubernetes 12.1.1, -helm 12.1.2) `require('cdktf')`
 * themselves, and no @cdktn binding exists for kubernetes or helm (@cdktn/provider-aws starts at 23.7.0, for
 * hashicorp/aws 6.x). Under the alias the platform and the bindings load one and the same cdktn; importing `cdktn` in
 * the platform while the bindings load the alias would put two copies of it in one process, each with its own
 * classes. The `overrides` make npm accept the alias for the bindings' peer dependency `cdktf@^0.21.0` (the alias is
 * version 0.24.0 of another package) and move their `constructs` peer onto the version cdktn needs.
 */
import { PlatformError } from '@platform/core';
import { CommandLineError, CommandSpec, parseCommandLine } from './cli-arguments';

/** What the copy runs on: cdktn and the constructs release inside its peer range. */
export interface CdktnTarget {
  /** cdktn release, installed under the name `cdktf`. */
  readonly cdktn: string;
  /** constructs release; cdktn 0.24 wants `>=10.6.0 <10.8.0` (the workspace pins 10.4.2). */
  readonly constructs: string;
  /**
   * @cdktn/provider-aws release installed under the name @cdktf/provider-aws, with the platform's own imports moved
   * to `cdktn` (see cdktnImports).
   * @default - the workspace's @cdktf/provider-aws (hashicorp/aws 5.100.0): the like-for-like comparison
   */
  readonly awsProvider?: string;
}

/** cdktn 0.24.0 (the newest release) with constructs 10.7.2, the newest inside its peer range `>=10.6.0 <10.8.0`. */
export const DEFAULT_TARGET: CdktnTarget = { cdktn: '0.24.0', constructs: '10.7.2' };

/**
 * The devDependencies the synthesis needs (the rest, nx, jest, eslint…, is 1.1 GB the check does not run): esbuild
 * bundles the synth path and compiles environment files, typescript names the line of an invalid field, and the
 * libraries import iam-simulate (constructs simulate their IAM policies) and yaml (guardrails read Kubernetes
 * manifests) at synth time although package.json lists both as devDependencies.
 */
export const SYNTH_DEV_DEPENDENCIES: readonly string[] = ['esbuild', 'typescript', '@cloud-copilot/iam-simulate', 'yaml'];

export interface PackageJson {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/**
 * The workspace's package.json with cdktn installed as `cdktf`, constructs moved into cdktn's range and only the
 * devDependencies synthesis needs. Every other dependency keeps its pinned version (and, through the copied
 * package-lock.json, its locked transitive versions).
 */
export function cdktnPackageJson(workspace: PackageJson, target: CdktnTarget = DEFAULT_TARGET): PackageJson {
  const dependencies = workspace.dependencies ?? {};
  for (const name of ['cdktf', 'constructs']) {
    if (dependencies[name] === undefined) {
      throw new PlatformError(`package.json dependencies.${name}: missing, so there is nothing to move onto cdktn. Fix: run the check in the platform workspace`);
    }
  }
  const devDependencies = workspace.devDependencies ?? {};
  const missing = SYNTH_DEV_DEPENDENCIES.filter((name) => devDependencies[name] === undefined && dependencies[name] === undefined);
  if (missing.length > 0) {
    throw new PlatformError(`package.json: ${missing.join(', ')} not found, and synthesis needs them. Fix: add them to devDependencies, or update SYNTH_DEV_DEPENDENCIES in tools/cdktn-migration.ts`);
  }
  // The @cdktn bindings `require('cdktn')`: installed under its own name too, the one the platform then imports.
  const awsProvider: Record<string, string> = target.awsProvider === undefined ? {} : { '@cdktf/provider-aws': `npm:@cdktn/provider-aws@${target.awsProvider}`, cdktn: target.cdktn };
  return {
    ...workspace,
    dependencies: { ...dependencies, cdktf: `npm:cdktn@${target.cdktn}`, constructs: target.constructs, ...awsProvider },
    devDependencies: Object.fromEntries(Object.entries(devDependencies).filter(([name]) => SYNTH_DEV_DEPENDENCIES.includes(name))),
    // `$name` refers to the root's own spec: every package asking for cdktf or constructs gets the root's.
    overrides: { ...workspace.overrides, cdktf: '$cdktf', constructs: '$constructs' },
  };
}

/**
 * A source file with its cdktf imports (`from 'cdktf'`, `require('cdktf')`, `require('cdktf/lib/…')`) moved to
 * cdktn, for the @cdktn/provider-aws comparison: npm installs `cdktn` and the `cdktf` alias as two copies of the
 * same package, and a class of one is not an `instanceof` the other's. With the platform on the `cdktf` alias and
 * @cdktn/provider-aws on `cdktn`, the Component tag aspect (`node instanceof TerraformResource`) silently skipped
 * every AWS resource; with both on `cdktn` only the kubernetes and helm bindings stay on the alias.
 */
export function cdktnImports(source: string): string {
  return source.replace(/(from\s+|require\()(['"])cdktf(\/[^'"]*)?\2/g, (_match, keyword: string, quote: string, subpath = '') => `${keyword}${quote}cdktn${subpath}${quote}`);
}

export const CHECK_CDKTN_COMMAND = {
  command: 'npm run check:cdktn --',
  description:
    "Synthesizes every environment and the bootstrap app in a temporary copy of the workspace running on cdktn (CDK Terrain) instead of cdktf, and compares each stack's Terraform JSON with the workspace's own synthesis. Exit code: 0 when no stack's resources differ (formatting and cdktf's \"//\" metadata may), 1 otherwise.",
  options: {
    cdktn: { type: 'string', value: 'version', default: DEFAULT_TARGET.cdktn, description: 'cdktn release installed as `cdktf`' },
    constructs: { type: 'string', value: 'version', default: DEFAULT_TARGET.constructs, description: "constructs release inside cdktn's peer range" },
    'cdktn-aws-provider': {
      type: 'string',
      value: 'version',
      description:
        "also install @cdktn/provider-aws <version> (e.g. 25.7.0, for hashicorp/aws 6.x) as @cdktf/provider-aws and move the platform's imports to `cdktn`: what the newer bindings would change (not like for like: another major version of the AWS provider)",
    },
    offline: { type: 'boolean', description: 'npm may not reach the registry (default: it uses the cache first, --prefer-offline)' },
    'max-differences': { type: 'string', value: 'n', default: '5', description: 'differences listed per stack' },
    keep: { type: 'boolean', description: 'keep the temporary copy and both outputs, and print where' },
  },
} as const satisfies CommandSpec;

export interface CheckCdktnOptions {
  readonly target: CdktnTarget;
  readonly offline: boolean;
  readonly maxDifferences: number;
  readonly keep: boolean;
}

/**
 * Parses the check's arguments (tools/cli-arguments.ts: `--help` throws HelpRequested, a wrong command line
 * CommandLineError); a version that is not one exact release, or a count that is not a whole number, is a
 * CommandLineError naming the option and an example.
 */
export function parseCheckCdktnArguments(args: readonly string[]): CheckCdktnOptions {
  const { values } = parseCommandLine(CHECK_CDKTN_COMMAND, args);
  const examples = { cdktn: DEFAULT_TARGET.cdktn, constructs: DEFAULT_TARGET.constructs, 'cdktn-aws-provider': '25.7.0' };
  for (const option of ['cdktn', 'constructs', 'cdktn-aws-provider'] as const) {
    const version = values[option];
    if (version !== undefined && !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
      throw new CommandLineError(`--${option} ${version}: not an exact version. Fix: write one release, e.g. --${option} ${examples[option]}`);
    }
  }
  const maxDifferences = values['max-differences'];
  if (!/^\d+$/.test(maxDifferences)) {
    throw new CommandLineError(`--max-differences ${maxDifferences}: not a whole number. Fix: write e.g. --max-differences 5`);
  }
  return {
    target: { cdktn: values.cdktn, constructs: values.constructs, ...(values['cdktn-aws-provider'] === undefined ? {} : { awsProvider: values['cdktn-aws-provider'] }) },
    offline: values.offline,
    maxDifferences: Number(maxDifferences),
    keep: values.keep,
  };
}
