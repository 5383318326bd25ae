import { createHash } from 'node:crypto';
import type { TerraformJson } from '../offline-stack';

type JsonObject = Record<string, unknown>;

/** Used in ARNs when the provider names no allowed account (AWS's documentation example account). */
const DEFAULT_ACCOUNT_ID = '123456789012';
/** Used in ARNs when the provider has no literal region (the AWS default region). */
const DEFAULT_REGION = 'us-east-1';

/** The account and region placeholder ARNs of a provider configuration carry. */
export interface AwsLocation {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The account (the first `allowed_account_ids`, else 123456789012) and the literal region (else us-east-1) of the aws
 * provider configuration a block's `provider` meta-argument (`aws.west`) selects; the default one without.
 */
export function awsLocation(stack: TerraformJson, provider?: unknown): AwsLocation {
  const configurations = stack.provider?.aws;
  const all: JsonObject[] = Array.isArray(configurations) ? configurations : configurations ? [configurations] : [];
  const alias = typeof provider === 'string' ? provider.replace(/^\$\{|\}$/g, '').split('.')[1] : undefined;
  const configuration = all.find((candidate) => candidate.alias === alias);
  const region = typeof configuration?.region === 'string' && !configuration.region.includes('${') ? configuration.region : DEFAULT_REGION;
  const allowedAccounts = configuration?.allowed_account_ids;
  const accountId = Array.isArray(allowedAccounts) && typeof allowedAccounts[0] === 'string' ? allowedAccounts[0] : DEFAULT_ACCOUNT_ID;
  return { accountId, region };
}

/** The prefix of the ids AWS gives resources of a type, for the types whose ids the provider validates (`lt-`). */
const AWS_ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_launch_template: 'lt',
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_route_table: 'rtb',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc',
  aws_vpc_endpoint: 'vpce',
  aws_network_acl: 'acl',
};

/** The prefix of the ids AWS gives resources of `type`, e.g. `lt` for aws_launch_template; undefined when unknown. */
export function awsIdPrefix(type: string): string | undefined {
  return AWS_ID_PREFIXES[type];
}

/** `vpc` → `vpc-0` plus 16 hex digits of the seed's hash (17 digits, as AWS's current ids); `uuid` → a version 4 UUID. */
export function awsId(kind: string, seed: string): string {
  const hex = hexDigest(seed, 32);
  if (kind === 'uuid') {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
  return `${kind}-0${hex.slice(0, 16)}`;
}

/**
 * The ARN partition of a region. The rule of @platform/core's partitionOf, not imported from there: the core index
 * loads cdktf and the AWS provider binding (0.4 s) into every suite that uses this library.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The first `length` hex digits of the seed's SHA-256. */
export function hexDigest(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
