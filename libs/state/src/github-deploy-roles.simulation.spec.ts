import { synthJson } from '@platform/terraform-testing';
import { GithubDeployRoles, GithubDeployRolesProps } from './github-deploy-roles';
import { authorize, authorizeGithubJob, MANAGED_POLICIES, RoleRequest } from './private/iam-simulation';
import { TerraformStateStore } from './terraform-state-store';

const ACCOUNT = '123456789012';
const PRIMARY = { bucketName: `platform-tfstate-${ACCOUNT}-eu-central-1`, lockTableName: 'platform-terraform-locks', kmsKeyAlias: 'alias/platform-terraform-state', region: 'eu-central-1' };
const SECONDARY = { ...PRIMARY, bucketName: `platform-tfstate-${ACCOUNT}-eu-west-1`, region: 'eu-west-1' };
/** The primary store's resources, as ARNs AWS would give them once created. */
const PRIMARY_KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/11111111-1111-1111-1111-111111111111`;
const SECONDARY_KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/22222222-2222-2222-2222-222222222222`;

const REPOSITORY = 'example-org/platform-infrastructure';

interface SimulatedRoles {
  readonly plan: object[];
  readonly review: object[];
  readonly apply: object[];
  /** Trust policies (JSON) by role. */
  readonly trust: { readonly plan: string; readonly review: string; readonly apply: string };
}

/** The policies of the three roles of production, with the secondary region eu-west-1 and its store, tokens resolved. */
function rolePolicies(overrides: Partial<GithubDeployRolesProps> = {}): SimulatedRoles {
  const json = synthJson((scope) => {
    const stateStore = new TerraformStateStore(scope, 'state', { ...PRIMARY, accountId: ACCOUNT });
    new GithubDeployRoles(scope, 'github-production', {
      environment: 'production',
      namePrefix: 'platform-production',
      githubRepository: REPOSITORY,
      oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      accountId: ACCOUNT,
      region: 'eu-central-1',
      stateStore,
      stateRegion: 'eu-central-1',
      stateKeyPrefix: 'production',
      additionalRegions: ['eu-west-1'],
      additionalStateStores: [SECONDARY],
      ...overrides,
    });
  });
  const arns = TerraformStateStore.arnsOf(PRIMARY, ACCOUNT);
  const resolved: [string, string][] = [
    [json.ref(json.resource('aws_s3_bucket', 'StateBucket'), 'arn'), arns.bucket],
    [json.ref(json.resource('aws_s3_bucket', 'StateBucket'), 'bucket'), PRIMARY.bucketName],
    [json.ref(json.resource('aws_dynamodb_table', 'LockTable'), 'arn'), arns.lockTable],
    [json.ref(json.resource('aws_kms_key', 'Key'), 'arn'), PRIMARY_KEY_ARN],
    [json.ref(json.resource('aws_kms_alias', 'KeyAlias'), 'arn'), arns.keyAlias],
  ];
  const policy = (id: string) => JSON.parse(resolved.reduce((text, [token, value]) => text.split(token).join(value), json.resource('aws_iam_role_policy', id).policy as string));
  const trust = (id: string) => json.resource('aws_iam_role', id).assume_role_policy as string;
  return {
    plan: [MANAGED_POLICIES.ReadOnlyAccess, policy('PlanStateAccess')],
    review: [MANAGED_POLICIES.ReadOnlyAccess, policy('ReviewStateAccess')],
    apply: [MANAGED_POLICIES.PowerUserAccess, policy('ApplyScope')],
    trust: { plan: trust('PlanRole'), review: trust('ReviewRole'), apply: trust('ApplyRole') },
  };
}

const object = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const table = (region: string) => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/platform-terraform-locks`;
const inRegion = (region: string, request: RoleRequest): RoleRequest => ({ ...request, context: { 'aws:RequestedRegion': region, ...request.context } });
const lock = (region: string, bucket: string, key: string): RoleRequest =>
  inRegion(region, { action: 'dynamodb:PutItem', resource: table(region), context: { 'dynamodb:LeadingKeys': [`${bucket}/${key}`] } });
const useKey = (action: string, keyArn: string, alias: string): RoleRequest =>
  inRegion(keyArn.split(':')[3], { action, resource: keyArn, context: { 'kms:ResourceAliases': [alias] } });
const s3 = (action: string, resource: string, region = 'eu-west-1'): RoleRequest => inRegion(region, { action, resource });

describe('GithubDeployRoles with the secondary region’s state store, simulated', () => {
  const roles = rolePolicies();
  const { plan, apply } = roles;
  const secondaryState = object(SECONDARY.bucketName, 'production/network-eu-west-1.tfstate');

  describe('who assumes which role', () => {
    const job = (context: string) => ({ sub: `repo:${REPOSITORY}:${context}`, aud: 'sts.amazonaws.com' });
    const PULL_REQUEST = 'pull_request';
    const MAIN = 'ref:refs/heads/main';
    const ENVIRONMENT = 'environment:production';
    // Pull requests run any author's workflow: only the review role, which has no Kubernetes access, is theirs.
    it.each<[keyof SimulatedRoles['trust'], string, string]>([
      ['review', PULL_REQUEST, 'Allowed'],
      ['review', MAIN, 'ImplicitlyDenied'],
      ['review', ENVIRONMENT, 'ImplicitlyDenied'],
      ['plan', MAIN, 'Allowed'],
      ['plan', PULL_REQUEST, 'ImplicitlyDenied'],
      ['plan', ENVIRONMENT, 'ImplicitlyDenied'],
      ['apply', ENVIRONMENT, 'Allowed'],
      ['apply', PULL_REQUEST, 'ImplicitlyDenied'],
    ])('the %s role, by a job with the subject %s: %s', async (role, context, decision) => {
      expect(await authorizeGithubJob(ACCOUNT, roles.trust[role], job(context))).toBe(decision);
    });

    it('no role by a pull request of another repository', async () => {
      expect(await authorizeGithubJob(ACCOUNT, roles.trust.review, { sub: 'repo:example-org/fork:pull_request', aud: 'sts.amazonaws.com' })).toBe('ImplicitlyDenied');
    });
  });

  describe('the review role, like the plan role', () => {
    it.each<[string, RoleRequest]>([
      ['reads its secondary state', s3('s3:GetObject', secondaryState)],
      ['takes a lock in the secondary lock table', lock('eu-west-1', SECONDARY.bucketName, 'production/network-eu-west-1.tfstate')],
      ['reads its primary state', s3('s3:GetObject', object(PRIMARY.bucketName, 'production/network.tfstate'), 'eu-central-1')],
      ['decrypts with the primary state key', useKey('kms:Decrypt', PRIMARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['describes the environment (terraform plan)', inRegion('eu-central-1', { action: 'ec2:DescribeVpcs', resource: '*' })],
    ])('%s', async (_, request) => {
      expect(await authorize(ACCOUNT, roles.review, request)).toBe('Allowed');
    });

    it.each<[string, RoleRequest, string]>([
      ['data of the secondary region', s3('s3:GetObject', object('platform-production-euw1-storage', 'uploads/a.png')), 'ExplicitlyDenied'],
      ['items of an application table', inRegion('eu-central-1', { action: 'dynamodb:Scan', resource: `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/platform-production-sessions` }), 'ExplicitlyDenied'],
      ['writing state (only apply writes)', s3('s3:PutObject', secondaryState), 'ImplicitlyDenied'],
      // ReadOnlyAccess grants these too; they read data, not configuration.
      ['a production image’s layers', inRegion('eu-central-1', { action: 'ecr:GetDownloadUrlForLayer', resource: `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/platform/novel-engine/backend` }), 'ExplicitlyDenied'],
      ['live application logs', inRegion('eu-central-1', { action: 'logs:StartLiveTail', resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/eks/platform-production/cluster` }), 'ExplicitlyDenied'],
      ['a parameter’s history', inRegion('eu-central-1', { action: 'ssm:GetParameterHistory', resource: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/platform/production/x` }), 'ExplicitlyDenied'],
      ['another environment’s secondary state', s3('s3:GetObject', object(SECONDARY.bucketName, 'staging/network-eu-west-1.tfstate')), 'ExplicitlyDenied'],
    ])('cannot touch %s', async (_, request, decision) => {
      expect(await authorize(ACCOUNT, roles.review, request)).toBe(decision);
    });
  });

  describe('the plan role', () => {
    it.each<[string, RoleRequest]>([
      ['lists the secondary bucket', s3('s3:ListBucket', `arn:aws:s3:::${SECONDARY.bucketName}`)],
      ['reads its secondary state', s3('s3:GetObject', secondaryState)],
      ['takes a lock file beside it', s3('s3:PutObject', `${secondaryState}.tflock`)],
      ['releases the lock file', s3('s3:DeleteObject', `${secondaryState}.tflock`)],
      ['takes a lock in the secondary lock table', lock('eu-west-1', SECONDARY.bucketName, 'production/network-eu-west-1.tfstate')],
      ['decrypts with the secondary state key, found by its alias', useKey('kms:Decrypt', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['encrypts locks with it', useKey('kms:GenerateDataKey', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['still reads its primary state', s3('s3:GetObject', object(PRIMARY.bucketName, 'production/network.tfstate'), 'eu-central-1')],
      ['still uses the primary key', useKey('kms:Decrypt', PRIMARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
    ])('%s', async (_, request) => {
      expect(await authorize(ACCOUNT, plan, request)).toBe('Allowed');
    });

    it.each<[string, RoleRequest, string]>([
      ['another environment’s secondary state', s3('s3:GetObject', object(SECONDARY.bucketName, 'staging/network-eu-west-1.tfstate')), 'ExplicitlyDenied'],
      ['another environment’s lock file', s3('s3:PutObject', object(SECONDARY.bucketName, 'staging/network-eu-west-1.tfstate.tflock')), 'ImplicitlyDenied'],
      ['another environment’s lock item', lock('eu-west-1', SECONDARY.bucketName, 'staging/network-eu-west-1.tfstate'), 'ImplicitlyDenied'],
      ['writing state (only apply writes)', s3('s3:PutObject', secondaryState), 'ImplicitlyDenied'],
      // ReadOnlyAccess grants these too; they read data, not configuration.
      ['a production image’s layers', inRegion('eu-central-1', { action: 'ecr:GetDownloadUrlForLayer', resource: `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/platform/novel-engine/backend` }), 'ExplicitlyDenied'],
      ['live application logs', inRegion('eu-central-1', { action: 'logs:StartLiveTail', resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/eks/platform-production/cluster` }), 'ExplicitlyDenied'],
      ['a parameter’s history', inRegion('eu-central-1', { action: 'ssm:GetParameterHistory', resource: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/platform/production/x` }), 'ExplicitlyDenied'],
      ['another key of the secondary region', useKey('kms:Decrypt', SECONDARY_KEY_ARN, 'alias/platform-production-euw1-data'), 'ImplicitlyDenied'],
      ['a key of the same alias in a region without its store', useKey('kms:Decrypt', `arn:aws:kms:us-west-2:${ACCOUNT}:key/3`, PRIMARY.kmsKeyAlias), 'ImplicitlyDenied'],
      ['data of the secondary region', s3('s3:GetObject', object('platform-production-euw1-storage', 'uploads/a.png')), 'ExplicitlyDenied'],
    ])('cannot touch %s', async (_, request, decision) => {
      expect(await authorize(ACCOUNT, plan, request)).toBe(decision);
    });
  });

  describe('the apply role', () => {
    it.each<[string, RoleRequest]>([
      ['writes its secondary state', s3('s3:PutObject', secondaryState)],
      ['encrypts it with the secondary state key', useKey('kms:GenerateDataKey', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['builds in the secondary region', inRegion('eu-west-1', { action: 'ec2:CreateVpc', resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/*` })],
      [
        'trusts the standby cluster’s EKS OIDC provider',
        inRegion('us-east-1', { action: 'iam:CreateOpenIDConnectProvider', resource: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC` }),
      ],
    ])('%s', async (_, request) => {
      expect(await authorize(ACCOUNT, apply, request)).toBe('Allowed');
    });

    it.each<[string, RoleRequest]>([
      ['delete the secondary bucket', s3('s3:DeleteBucket', `arn:aws:s3:::${SECONDARY.bucketName}`)],
      ['rewrite its bucket policy', s3('s3:PutBucketPolicy', `arn:aws:s3:::${SECONDARY.bucketName}`)],
      ['delete old state versions', s3('s3:DeleteObjectVersion', secondaryState)],
      ['delete the secondary lock table', inRegion('eu-west-1', { action: 'dynamodb:DeleteTable', resource: table('eu-west-1') })],
      ['schedule the secondary key’s deletion', useKey('kms:ScheduleKeyDeletion', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['rewrite the secondary key’s policy', useKey('kms:PutKeyPolicy', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias)],
      ['repoint the secondary key’s alias', inRegion('eu-west-1', { action: 'kms:UpdateAlias', resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:${PRIMARY.kmsKeyAlias}` })],
      ['delete the primary bucket', s3('s3:DeleteBucket', `arn:aws:s3:::${PRIMARY.bucketName}`, 'eu-central-1')],
      ['build in a region outside the environment’s', inRegion('us-west-2', { action: 'ec2:CreateVpc', resource: `arn:aws:ec2:us-west-2:${ACCOUNT}:vpc/*` })],
      // Named <namePrefix>-*, like the roles it manages: only the explicit deny keeps it from retrusting the push role.
      ['rewrite the image push role’s trust', inRegion('us-east-1', { action: 'iam:UpdateAssumeRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/platform-production-github-images` })],
      ['widen the image push role’s policy', inRegion('us-east-1', { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/platform-production-github-images` })],
      // The review role is named <namePrefix>-* too: without the deny, a deploy could widen what pull requests may do.
      ['rewrite the review role’s trust', inRegion('us-east-1', { action: 'iam:UpdateAssumeRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/platform-production-github-review` })],
      ['widen the review role’s policy', inRegion('us-east-1', { action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/platform-production-github-review` })],
    ])('cannot %s', async (_, request) => {
      expect(await authorize(ACCOUNT, apply, request)).toBe('ExplicitlyDenied');
    });

    it('manages the other keys of the secondary region (the protection follows the state alias)', async () => {
      expect(await authorize(ACCOUNT, apply, useKey('kms:ScheduleKeyDeletion', SECONDARY_KEY_ARN, 'alias/platform-production-euw1-data'))).toBe('Allowed');
    });
  });

  it('without the secondary store, neither role reaches it nor works in its region', async () => {
    const primaryOnly = rolePolicies({ additionalRegions: [], additionalStateStores: [] });
    expect(await authorize(ACCOUNT, primaryOnly.plan, s3('s3:GetObject', secondaryState))).toBe('ExplicitlyDenied');
    expect(await authorize(ACCOUNT, primaryOnly.plan, useKey('kms:Decrypt', SECONDARY_KEY_ARN, PRIMARY.kmsKeyAlias))).toBe('ImplicitlyDenied');
    expect(await authorize(ACCOUNT, primaryOnly.apply, s3('s3:PutObject', secondaryState))).toBe('ExplicitlyDenied');
  });
});
