import { runSimulation } from '@cloud-copilot/iam-simulate';

/** One request to authorize: action, resource and the request's context keys. */
export interface RoleRequest {
  readonly action: string;
  readonly resource: string;
  /** Context keys (`aws:RequestedRegion`, `kms:ResourceAliases`, `dynamodb:LeadingKeys` …), list-valued where IAM's are. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * The parts of AWS managed policies the deploy roles rely on (the simulator has no copy of them): ReadOnlyAccess's
 * reads of S3, DynamoDB and KMS metadata, and PowerUserAccess's everything-but-IAM.
 */
export const MANAGED_POLICIES = {
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          's3:Get*',
          's3:List*',
          'dynamodb:BatchGet*',
          'dynamodb:Describe*',
          'dynamodb:Get*',
          'dynamodb:List*',
          'dynamodb:Query',
          'dynamodb:Scan',
          'kms:Describe*',
          'kms:Get*',
          'kms:List*',
          'ec2:Describe*',
          'ecr:BatchGet*',
          'ecr:Get*',
          'logs:Get*',
          'logs:StartLiveTail',
          'ssm:Get*',
        ],
        Resource: '*',
      },
    ],
  },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
  },
} as const;

/** A KMS key policy that leaves decisions to the account's IAM policies, like the state key's. */
const KEY_POLICY_DEFERRING_TO_IAM = (accountId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
});

/**
 * IAM's decision (`Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`) on `request` by a role of `accountId` whose
 * identity policies are `policies`, by @cloud-copilot/iam-simulate. Throws when the simulator rejects the request or
 * ignores a context key, so no assertion passes on a malformed request.
 */
export async function authorize(accountId: string, policies: readonly object[], request: RoleRequest): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${accountId}:role/simulated`,
        action: request.action,
        resource: { resource: request.resource, accountId },
        contextVariables: Object.fromEntries(Object.entries(request.context ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]])),
      },
      identityPolicies: policies.map((policy, index) => ({ name: `policy-${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.action.startsWith('kms:') ? KEY_POLICY_DEFERRING_TO_IAM(accountId) : undefined,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation of ${request.action} failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${request.action} on ${request.resource} ignores context keys ${ignored.join(', ')}`);
  return result.overallResult;
}

/**
 * The simulator knows the condition keys of IAM's service reference only, where the keys of GitHub's issuer
 * (`token.actions.githubusercontent.com:sub`) are missing: a trust policy is simulated with them renamed to an issuer
 * IAM lists for `sts:AssumeRoleWithWebIdentity` (`accounts.google.com:`), which conditions match alike.
 */
const GITHUB_KEYS = 'token.actions.githubusercontent.com:';
const LISTED_KEYS = 'accounts.google.com:';

/** IAM's decision on a GitHub Actions job with the token claims `sub` and `aud` assuming a role with `trustPolicy` (JSON). */
export async function authorizeGithubJob(accountId: string, trustPolicy: string, claims: { readonly sub: string; readonly aud: string }): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: `arn:aws:iam::${accountId}:role/simulated`, accountId },
        contextVariables: { [`${LISTED_KEYS}sub`]: claims.sub, [`${LISTED_KEYS}aud`]: claims.aud },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: JSON.parse(trustPolicy.split(GITHUB_KEYS).join(LISTED_KEYS)),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation of sts:AssumeRoleWithWebIdentity failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`sts:AssumeRoleWithWebIdentity ignores context keys ${ignored.join(', ')}`);
  return result.overallResult;
}
