import { cp, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { emulatedRemoteStates, type StateBackendEndpoints } from './state-backend-emulator';

/** File name cdktf gives a synthesized stack inside its directory (`cdktf.out/<env>/stacks/<stack>/`). */
export const STACK_FILE = 'cdk.tf.json';

/** The only provider the offline mirror holds. */
export const AWS_PROVIDER_SOURCE = 'hashicorp/aws';

type JsonObject = Record<string, unknown>;

/** The parts of a cdktf-synthesized Terraform JSON configuration this library reads or rewrites. */
export interface TerraformJson {
  /** cdktf writes every provider as an array of configurations (aliases), e.g. `{ aws: [{ region: ... }] }`. */
  provider?: Record<string, JsonObject | JsonObject[]>;
  terraform?: {
    backend?: Record<string, JsonObject>;
    cloud?: JsonObject;
    /** A string entry is the pre-0.13 version-only form. */
    required_providers?: Record<string, string | { source?: string; version?: string }>;
    [key: string]: unknown;
  };
  resource?: Record<string, Record<string, JsonObject>>;
  data?: Record<string, Record<string, JsonObject>>;
  /** Root outputs by name: `{ value, sensitive?, description? }`. */
  output?: Record<string, JsonObject>;
  [key: string]: unknown;
}

/** Thrown for a stack that cannot be planned offline; `reasons` come from {@link offlinePlanBlockers}. */
export class UnsupportedStackError extends Error {
  constructor(
    readonly stackDir: string,
    readonly reasons: readonly string[],
  ) {
    super(`Stack ${stackDir} cannot be planned offline: ${reasons.join('; ')}`);
    this.name = 'UnsupportedStackError';
  }
}

/**
 * Values that let hashicorp/aws 5.100.0 plan without credentials or network. The keys are fake: with
 * skip_credentials_validation and skip_requesting_account_id the provider never sends them anywhere during a plan.
 */
const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'offline-plan-fake-access-key',
  secret_key: 'offline-plan-fake-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  max_retries: 1,
} as const;

/**
 * Settings that make an offline plan fail even with the fake keys above (each measured with provider 5.100.0):
 * - allowed_account_ids: skip_requesting_account_id leaves the account id empty, and the provider then rejects the
 *   configuration with "AWS account ID not allowed: ". forbidden_account_ids is kept: an empty id is never forbidden.
 * - assume_role, assume_role_with_web_identity: the provider calls STS while configuring, i.e. needs network.
 * - profile, shared_config_files, shared_credentials_files: "failed to get shared config profile" on machines
 *   without that AWS config; token: a real session token must not be paired with the fake keys.
 */
const ONLINE_ONLY_PROVIDER_SETTINGS = [
  'allowed_account_ids',
  'assume_role',
  'assume_role_with_web_identity',
  'profile',
  'shared_config_files',
  'shared_credentials_files',
  'token',
];

/** Terraform ships the `terraform` provider (terraform_data, terraform_remote_state) itself: no mirror needed. */
const BUILTIN_PROVIDER = 'terraform';

/**
 * Source addresses (e.g. `hashicorp/aws`, `hashicorp/kubernetes`) of every provider a stack needs: those in
 * `required_providers`, configured in `provider`, named by a `provider` meta-argument or implied by a resource or
 * data source type prefix. Sorted; the built-in `terraform` provider is left out.
 */
export function stackProviders(stack: TerraformJson): string[] {
  const requiredProviders = stack.terraform?.required_providers ?? {};
  const localNames = new Set<string>([...Object.keys(requiredProviders), ...Object.keys(stack.provider ?? {})]);
  for (const blocks of [stack.resource, stack.data]) {
    for (const [type, instances] of Object.entries(blocks ?? {})) {
      localNames.add(type.split('_')[0]);
      for (const instance of Object.values(instances)) {
        if (typeof instance.provider === 'string') {
          // `aws.west`, or `${aws.west}` in hand-written JSON.
          localNames.add(instance.provider.replace(/^\$\{/, '').split('.')[0]);
        }
      }
    }
  }

  const sources = [...localNames]
    .filter((name) => name !== BUILTIN_PROVIDER || name in requiredProviders)
    .map((name) => {
      const requirement = requiredProviders[name];
      return normalizeSource(typeof requirement === 'object' && requirement.source ? requirement.source : name);
    });
  return [...new Set(sources)].sort();
}

/** Value of a string input variable without a default in an offline plan (e.g. `image_tag`). */
export const OFFLINE_VARIABLE_PLACEHOLDER = 'offline-plan-placeholder';

/** Whether hashicorp/aws is the only provider the stack needs, i.e. the offline mirror can serve it. */
export function isAwsOnlyStack(stack: TerraformJson): boolean {
  return stackProviders(stack).every((source) => source === AWS_PROVIDER_SOURCE);
}

/** Why a stack cannot be planned offline; empty when it can. Callers use it to choose stacks and report skips. */
export function offlinePlanBlockers(stack: TerraformJson): string[] {
  const blockers: string[] = [];
  const otherProviders = stackProviders(stack).filter((source) => source !== AWS_PROVIDER_SOURCE);
  if (otherProviders.length > 0) {
    blockers.push(
      `it uses providers other than ${AWS_PROVIDER_SOURCE} (${otherProviders.join(', ')}); only ${AWS_PROVIDER_SOURCE} is in the offline provider mirror`,
    );
  }
  // S3 remote states (cdktf's cross-stack references between S3-backed stacks) are served by offlinePlan from an
  // emulator seeded with the producers' placeholder outputs; other backends cannot be emulated.
  const otherRemoteStates = Object.entries(stack.data?.terraform_remote_state ?? {}).filter(([, remoteState]) => remoteState.backend !== 's3');
  if (otherRemoteStates.length > 0) {
    const backends = [...new Set(otherRemoteStates.map(([, remoteState]) => String(remoteState.backend)))];
    blockers.push(
      `it reads another stack's state through terraform_remote_state (${otherRemoteStates.map(([name]) => name).join(', ')}, backend ${backends.join(', ')}), ` +
        'which would read the real backend; offline plans serve only s3 remote states, from an emulator',
    );
  }
  return blockers;
}

/**
 * A copy of the stack configured for an offline plan: every `provider.aws` configuration gets fake credentials and
 * skips the AWS calls the provider makes while configuring itself, and the backend (s3, cloud, or local with an absolute path)
 * becomes a local `terraform.tfstate` beside the configuration, so parallel copies never share one state lock.
 * Nothing else changes. The argument is not modified.
 */
export function toOfflineStack(stack: TerraformJson): TerraformJson {
  const offline = structuredClone(stack);

  const aws = offline.provider?.aws;
  if (offline.provider && aws) {
    offline.provider.aws = (Array.isArray(aws) ? aws : [aws]).map((configuration) => {
      const kept = Object.fromEntries(
        Object.entries(configuration).filter(([key]) => !ONLINE_ONLY_PROVIDER_SETTINGS.includes(key)),
      );
      return { ...kept, ...OFFLINE_PROVIDER_SETTINGS };
    });
  }

  // CI passes input variables (TF_VAR_image_tag); an offline plan has none and TF_INPUT=0 would fail on the first
  // one without a default, so each gets a placeholder its validations accept.
  const variables = offline.variable as Record<string, JsonObject> | undefined;
  for (const variable of Object.values(variables ?? {})) {
    if (!('default' in variable) && (variable.type === undefined || variable.type === 'string')) variable.default = OFFLINE_VARIABLE_PLACEHOLDER;
  }

  offline.terraform = { ...offline.terraform, backend: { local: { path: 'terraform.tfstate' } } };
  // A `cloud` block is a backend too (HCP Terraform) and would make init log in.
  delete offline.terraform.cloud;
  return offline;
}

/** Where {@link prepareOfflineStack} put the rewritten stack. */
export interface OfflineStack {
  readonly workDir: string;
  /** `<workDir>/cdk.tf.json`. */
  readonly stackFile: string;
  /** The rewritten configuration, as written to `stackFile`. */
  readonly config: TerraformJson;
}

/** Options of {@link prepareOfflineStack}. */
export interface PrepareOfflineStackOptions {
  /**
   * A state backend emulator serving the states the stack's S3 remote states (`data.terraform_remote_state` with
   * backend s3) read; their configs in the copy point at it. Required when the stack has such remote states:
   * offlinePlan starts one seeded with the producers' placeholder outputs.
   */
  readonly remoteStateEndpoints?: StateBackendEndpoints;
}

/**
 * Copies a synthesized stack directory (`cdk.tf.json` plus e.g. `assets/`) into `workDir` and rewrites the copy with
 * {@link toOfflineStack}, pointing its S3 remote states at `remoteStateEndpoints`; the product's own synthesized files
 * are never modified. Leftovers of an earlier `terraform init` in the stack directory (`.terraform/`, state, plan
 * files) are not copied: they would point init at the real backend.
 * @throws UnsupportedStackError when {@link offlinePlanBlockers} finds a reason the stack cannot be planned offline.
 * @throws Error when the stack reads S3 remote states and no `remoteStateEndpoints` are given.
 */
export async function prepareOfflineStack(stackDir: string, workDir: string, options: PrepareOfflineStackOptions = {}): Promise<OfflineStack> {
  const stack = await readStack(stackDir);
  const blockers = offlinePlanBlockers(stack);
  if (blockers.length > 0) {
    throw new UnsupportedStackError(stackDir, blockers);
  }
  const remoteStates = s3RemoteStateNames(stack);
  if (remoteStates.length > 0 && !options.remoteStateEndpoints) {
    throw new Error(
      `Stack ${stackDir} reads other stacks' states from S3 (data.terraform_remote_state ${remoteStates.join(', ')}): ` +
        "pass remoteStateEndpoints of an emulator serving them (offlinePlan does), or terraform would read the real bucket",
    );
  }

  await cp(stackDir, workDir, { recursive: true, filter: (source) => !isTerraformRunLeftover(basename(source)) });
  const config = toOfflineStack(options.remoteStateEndpoints ? emulatedRemoteStates(stack, options.remoteStateEndpoints) : stack);
  const stackFile = join(workDir, STACK_FILE);
  await writeFile(stackFile, `${JSON.stringify(config, null, 2)}\n`);
  return { workDir, stackFile, config };
}

/** Names of the stack's `data.terraform_remote_state` blocks with backend s3, sorted. */
export function s3RemoteStateNames(stack: TerraformJson): string[] {
  return Object.entries(stack.data?.terraform_remote_state ?? {})
    .filter(([, remoteState]) => remoteState.backend === 's3')
    .map(([name]) => name)
    .sort();
}

/** Reads `<stackDir>/cdk.tf.json`, with an error that says what directory was expected. */
export async function readStack(stackDir: string): Promise<TerraformJson> {
  const file = join(stackDir, STACK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        'pass the directory of a synthesized stack, e.g. cdktf.out/<env>/stacks/<stack>',
    );
  }
  try {
    return JSON.parse(text) as TerraformJson;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `aws` → `hashicorp/aws`, `registry.terraform.io/hashicorp/aws` → `hashicorp/aws`; other hosts stay explicit. */
function normalizeSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) {
    return `hashicorp/${parts[0]}`;
  }
  return parts.length === 3 && parts[0] === 'registry.terraform.io' ? parts.slice(1).join('/') : parts.join('/');
}

function isTerraformRunLeftover(name: string): boolean {
  return name === '.terraform' || name === 'tfplan' || /\.tfstate(\..*)?$/.test(name);
}
