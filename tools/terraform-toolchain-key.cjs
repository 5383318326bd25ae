#!/usr/bin/env node
/**
 * An Nx runtime input of the test target: the Terraform toolchain the Terraform suites would find, as one line such
 * as `terraform 1.11.4; hashicorp/aws 5.100.0 mirror present`. Without terraform or the mirror those suites skip
 * (locally), so a run on a machine without them must never be replayed from the cache as a pass on one with them,
 * nor the other way round.
 *
 * Finds them as libs/terraform-testing/src/toolchain.ts does (TERRAFORM_BINARY, else PATH; TF_PROVIDER_MIRROR, else
 * the usual mirror places); terraform-toolchain-key.spec.ts holds the two to the same answers. Plain CommonJS, no TypeScript
 * loader: Nx runs it once per `nx` invocation (it caches a runtime input by command and environment). Asking terraform
 * its version costs about 40 ms, so the answer is kept in a per-user file in the temp directory, keyed by the
 * binary's path, size and modification time.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** hashicorp/aws as @cdktf/provider-aws 20.1.0 pins it: AWS_PROVIDER_VERSION in toolchain.ts. */
const AWS_PROVIDER_VERSION = '5.100.0';

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function terraformBinary(env) {
  if (env.TERRAFORM_BINARY) return isExecutableFile(path.resolve(env.TERRAFORM_BINARY)) ? path.resolve(env.TERRAFORM_BINARY) : undefined;
  const name = process.platform === 'win32' ? 'terraform.exe' : 'terraform';
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, name))
    .find(isExecutableFile);
}

/** The version `terraform version -json` prints, remembered per binary path, size and mtime; `broken` if it fails. */
function terraformVersion(binary, env) {
  const stat = fs.statSync(binary);
  const key = `${binary}\0${stat.size}\0${stat.mtimeMs}`;
  // In the workspace's git-ignored .cache/ (PLATFORM_CACHE_DIR: another folder, e.g. a spec's), not the machine's temp
  // directory: npm test leaves nothing there.
  const cacheDir = env.PLATFORM_CACHE_DIR ?? path.join(__dirname, '..', '.cache');
  const cacheFile = path.join(cacheDir, `terraform-toolchain-key-${process.getuid?.() ?? 'user'}.json`);
  let cache = {};
  try {
    // Only a file of this user: another user's could otherwise name the version a cache key carries.
    if (process.getuid === undefined || fs.statSync(cacheFile).uid === process.getuid()) cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  } catch {
    cache = {};
  }
  if (typeof cache[key] === 'string') return cache[key];
  let version = 'broken';
  try {
    const output = execFileSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    version = JSON.parse(output).terraform_version ?? 'broken';
  } catch {
    // A binary that does not answer counts as missing for the suites: `broken` keys that apart from a working one.
  }
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify({ [key]: version }));
  } catch {
    // Without a writable cache folder the next run asks terraform again.
  }
  return version;
}

function terraformPlatform() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = { x64: 'amd64', ia32: '386' }[process.arch] ?? process.arch;
  return `${platform}_${arch}`;
}

function mirrorHoldsAwsProvider(dir) {
  const providerDir = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  const platform = terraformPlatform();
  try {
    if (fs.statSync(path.join(providerDir, AWS_PROVIDER_VERSION, platform)).isDirectory()) return true;
  } catch {
    // Not unpacked: perhaps packed.
  }
  return fs.existsSync(path.join(providerDir, `terraform-provider-aws_${AWS_PROVIDER_VERSION}_${platform}.zip`));
}

function mirrorCandidates(env) {
  const home = env.HOME ?? os.homedir();
  const xdgData = env.XDG_DATA_HOME ?? path.join(home, '.local', 'share');
  return ['/opt/tf-plugins', path.join(home, '.terraform.d', 'plugins'), path.join(xdgData, 'terraform', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'];
}

/** The key line for `env`. */
function toolchainKey(env) {
  const binary = terraformBinary(env);
  // An explicit mirror that lacks the provider is not replaced by another one (toolchain.ts reports it as missing).
  const mirror = env.TF_PROVIDER_MIRROR ? mirrorHoldsAwsProvider(path.resolve(env.TF_PROVIDER_MIRROR)) : mirrorCandidates(env).some(mirrorHoldsAwsProvider);
  return `terraform ${binary === undefined ? 'missing' : terraformVersion(binary, env)}; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror ${mirror ? 'present' : 'missing'}`;
}

console.log(toolchainKey(process.env));
