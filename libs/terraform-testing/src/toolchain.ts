import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/**
 * The hashicorp/aws version the provider bindings (@cdktf/provider-aws 20.1.0) were generated for.
 * Synthesized stacks pin it exactly in `required_providers`, so the mirror must hold this version.
 */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** A tool an offline plan needs but this machine lacks, with what to do about it. */
export interface MissingTool {
  readonly tool: 'terraform' | 'aws-provider-mirror';
  readonly problem: string;
  readonly fix: string;
}

/** What {@link detectToolchain} found; `missing` is empty when every field is set. */
export interface Toolchain {
  readonly terraformBinary?: string;
  /** e.g. `1.11.4`, from `terraform version -json`. */
  readonly terraformVersion?: string;
  /** Filesystem mirror directory that holds hashicorp/aws {@link AWS_PROVIDER_VERSION} for this platform. */
  readonly providerMirror?: string;
  readonly missing: readonly MissingTool[];
}

/** A toolchain with nothing missing. */
export interface CompleteToolchain {
  readonly terraformBinary: string;
  readonly terraformVersion: string;
  readonly providerMirror: string;
}

export interface DetectToolchainOptions {
  /** Environment to read PATH, TERRAFORM_BINARY, TF_PROVIDER_MIRROR and HOME-relative places from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Directories probed for a mirror when TF_PROVIDER_MIRROR is unset; default {@link defaultMirrorCandidates}. */
  readonly mirrorCandidates?: readonly string[];
  readonly awsProviderVersion?: string;
}

/** Thrown when an operation needs terraform or the provider mirror and the machine lacks it. */
export class ToolchainMissingError extends Error {
  constructor(readonly missing: readonly MissingTool[]) {
    super(formatMissingTools(missing));
    this.name = 'ToolchainMissingError';
  }
}

/** Terraform's platform name for this machine, e.g. `linux_amd64`: the last directory level of an unpacked mirror. */
export function terraformPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}_${arch}`;
}

/**
 * Places a provider mirror is usually installed: the image's /opt/tf-plugins and Terraform's own implied
 * local mirror directories (https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories).
 */
export function defaultMirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  const xdgData = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return [
    '/opt/tf-plugins',
    join(home, '.terraform.d', 'plugins'),
    join(xdgData, 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/**
 * Whether `dir` is a filesystem mirror holding hashicorp/aws `version` for this platform, in either layout
 * Terraform accepts: unpacked (`<version>/<os_arch>/`, what `-plugin-dir` trees look like) or packed
 * (`terraform-provider-aws_<version>_<os_arch>.zip`, what `terraform providers mirror` writes).
 */
export function mirrorHoldsAwsProvider(dir: string, version: string = AWS_PROVIDER_VERSION): boolean {
  const providerDir = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  const platform = terraformPlatform();
  return (
    isDirectory(join(providerDir, version, platform)) ||
    existsSync(join(providerDir, `terraform-provider-aws_${version}_${platform}.zip`))
  );
}

/**
 * Looks for the terraform binary (TERRAFORM_BINARY, else PATH) and a provider mirror (TF_PROVIDER_MIRROR, else
 * {@link defaultMirrorCandidates}). Synchronous because Jest decides at collection time whether to skip a suite.
 * Runs `terraform version -json` (about 40 ms) so a broken binary counts as missing.
 */
export function detectToolchain(options: DetectToolchainOptions = {}): Toolchain {
  const env = options.env ?? process.env;
  const version = options.awsProviderVersion ?? AWS_PROVIDER_VERSION;
  const missing: MissingTool[] = [];

  const terraform = findTerraform(env);
  if ('problem' in terraform) {
    missing.push({
      tool: 'terraform',
      problem: terraform.problem,
      fix: 'install Terraform 1.11 (https://developer.hashicorp.com/terraform/install) on PATH, or set TERRAFORM_BINARY to its path',
    });
  }

  const mirror = findMirror(env, options.mirrorCandidates ?? defaultMirrorCandidates(env), version);
  if ('problem' in mirror) {
    missing.push({
      tool: 'aws-provider-mirror',
      problem: mirror.problem,
      fix:
        `set TF_PROVIDER_MIRROR to a filesystem mirror holding hashicorp/aws ${version} for ${terraformPlatform()} ` +
        `(one machine with network access can build it: \`terraform providers mirror -platform=${terraformPlatform()} <dir>\` ` +
        `in a configuration that requires hashicorp/aws = ${version})`,
    });
  }

  return {
    terraformBinary: 'binary' in terraform ? terraform.binary : undefined,
    terraformVersion: 'version' in terraform ? terraform.version : undefined,
    providerMirror: 'dir' in mirror ? mirror.dir : undefined,
    missing,
  };
}

/** One line per missing tool with its fix, ready for an error message or a console banner. */
export function formatMissingTools(missing: readonly MissingTool[]): string {
  return [
    'The Terraform toolchain for offline plans is incomplete:',
    ...missing.map((tool) => `  - ${tool.tool}: ${tool.problem}.\n    Fix: ${tool.fix}.`),
  ].join('\n');
}

let processToolchain: Toolchain | undefined;

/** {@link detectToolchain} for this process's environment, detected once: every suite and plan asks. */
export function currentToolchain(): Toolchain {
  processToolchain ??= detectToolchain();
  return processToolchain;
}

/** The current toolchain, or a {@link ToolchainMissingError} that says what to install. */
export function requireToolchain(): CompleteToolchain {
  const { terraformBinary, terraformVersion, providerMirror, missing } = currentToolchain();
  if (missing.length > 0 || !terraformBinary || !terraformVersion || !providerMirror) {
    throw new ToolchainMissingError(missing);
  }
  return { terraformBinary, terraformVersion, providerMirror };
}

function findTerraform(env: NodeJS.ProcessEnv): { binary: string; version: string } | { problem: string } {
  const configured = env.TERRAFORM_BINARY;
  let binary: string | undefined;
  if (configured) {
    binary = resolve(configured);
    if (!isExecutableFile(binary)) {
      return { problem: `TERRAFORM_BINARY=${configured} is not an executable file` };
    }
  } else {
    binary = findOnPath('terraform', env);
    if (!binary) {
      return { problem: 'no terraform binary on PATH' };
    }
  }

  try {
    // The CLI config may be a missing file (TF_CLI_CONFIG_FILE is set globally on some machines); pipe stderr so its
    // warning does not reach the console.
    const output = execFileSync(binary, ['version', '-json'], {
      encoding: 'utf8',
      env: { ...env, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    const version = (JSON.parse(output) as { terraform_version?: unknown }).terraform_version;
    if (typeof version !== 'string') {
      return { problem: `\`${binary} version -json\` printed no terraform_version` };
    }
    return { binary, version };
  } catch (error) {
    return { problem: `\`${binary} version -json\` failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

function findMirror(
  env: NodeJS.ProcessEnv,
  candidates: readonly string[],
  version: string,
): { dir: string } | { problem: string } {
  const wanted = `registry.terraform.io/hashicorp/aws/${version}/${terraformPlatform()}`;
  const configured = env.TF_PROVIDER_MIRROR;
  // An explicit setting that does not work is reported rather than silently replaced by another mirror.
  if (configured) {
    const dir = resolve(configured);
    return mirrorHoldsAwsProvider(dir, version)
      ? { dir }
      : { problem: `TF_PROVIDER_MIRROR=${configured} holds no ${wanted} (unpacked) or its .zip (packed)` };
  }
  const dir = candidates.find((candidate) => mirrorHoldsAwsProvider(candidate, version));
  return dir ? { dir } : { problem: `TF_PROVIDER_MIRROR is unset and none of ${candidates.join(', ')} holds ${wanted}` };
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const fileName = process.platform === 'win32' ? `${name}.exe` : name;
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, fileName))
    .find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
