import { synthJson, SynthesizedJson } from '@platform/terraform-testing';
import { GithubDeployRoles, GithubDeployRolesProps } from './github-deploy-roles';
import { TerraformStateStore } from './terraform-state-store';

const PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

type Statement = Record<string, unknown>;

function synth(overrides: Partial<Omit<GithubDeployRolesProps, 'stateStore'>> = {}): SynthesizedJson {
  return synthJson((scope) => {
    const stateStore = new TerraformStateStore(scope, 'state', {
      bucketName: 'platform-tfstate-123456789012-eu-central-1',
      lockTableName: 'platform-terraform-locks',
      kmsKeyAlias: 'alias/platform-terraform-state',
      accountId: '123456789012',
      region: 'eu-central-1',
    });
    new GithubDeployRoles(scope, 'github-production', {
      environment: 'production',
      namePrefix: 'platform-production',
      githubRepository: 'example-org/platform-infrastructure',
      oidcProviderArn: PROVIDER_ARN,
      accountId: '123456789012',
      region: 'eu-central-1',
      stateStore,
      stateRegion: 'eu-central-1',
      stateKeyPrefix: 'production',
      ...overrides,
    });
  });
}

const statementsOf = (resource: Record<string, unknown>, field: 'assume_role_policy' | 'policy'): Statement[] => JSON.parse(resource[field] as string).Statement;
const statement = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid);

describe('GithubDeployRoles', () => {
  const json = synth();
  const bucketArn = json.ref(json.resource('aws_s3_bucket', 'StateBucket'), 'arn');
  const bucketName = json.ref(json.resource('aws_s3_bucket', 'StateBucket'), 'bucket');
  const lockTableArn = json.ref(json.resource('aws_dynamodb_table', 'LockTable'), 'arn');
  const keyArn = json.ref(json.resource('aws_kms_key', 'Key'), 'arn');
  const keyAliasArn = json.ref(json.resource('aws_kms_alias', 'KeyAlias'), 'arn');

  const subjectsOf = (role: Record<string, unknown>) => {
    const [trust] = statementsOf(role, 'assume_role_policy');
    return ((trust.Condition as Statement).StringEquals as Statement)['token.actions.githubusercontent.com:sub'];
  };

  it('lets only the main branch of the repository assume the plan role through the GitHub provider', () => {
    const plan = json.resource('aws_iam_role', 'PlanRole');
    expect(plan.name).toBe('platform-production-github-plan');
    expect(statementsOf(plan, 'assume_role_policy')).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': ['repo:example-org/platform-infrastructure:ref:refs/heads/main'],
          },
        },
      },
    ]);
  });

  it('lets only pull requests of the repository assume the review role', () => {
    const review = json.resource('aws_iam_role', 'ReviewRole');
    expect(review.name).toBe('platform-production-github-review');
    expect(statementsOf(review, 'assume_role_policy')[0]).toMatchObject({ Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity' });
    expect(subjectsOf(review)).toEqual(['repo:example-org/platform-infrastructure:pull_request']);
  });

  it('gives the review role exactly the plan role’s AWS permissions', () => {
    expect(json.resource('aws_iam_role_policy_attachment', 'ReviewReadOnlyAccess')).toMatchObject({
      role: json.ref(json.resource('aws_iam_role', 'ReviewRole'), 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    const review = json.resource('aws_iam_role_policy', 'ReviewStateAccess');
    expect(review.role).toBe(json.ref(json.resource('aws_iam_role', 'ReviewRole'), 'id'));
    expect(review.policy).toBe(json.resource('aws_iam_role_policy', 'PlanStateAccess').policy);
  });

  it('lets only jobs in the GitHub environment of the same name assume the apply role, for up to four hours', () => {
    const apply = json.resource('aws_iam_role', 'ApplyRole');
    expect(apply).toMatchObject({ name: 'platform-production-github-apply', max_session_duration: 14400 });
    expect(statementsOf(apply, 'assume_role_policy')[0].Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:example-org/platform-infrastructure:environment:production'],
      },
    });
  });

  it('gives the plan role read-only access and the environment’s state, locks and state key', () => {
    expect(json.resource('aws_iam_role_policy_attachment', 'PlanReadOnlyAccess').policy_arn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    const statements = statementsOf(json.resource('aws_iam_role_policy', 'PlanStateAccess'), 'policy');
    expect(statement(statements, 'ReadState')).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/production/*` });
    expect(statement(statements, 'LockStateInBucket')).toMatchObject({ Action: ['s3:PutObject', 's3:DeleteObject'], Resource: `${bucketArn}/production/*.tflock` });
    expect(statement(statements, 'LockStateInTable')).toMatchObject({
      Resource: lockTableArn,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${bucketName}/production/*`] } },
    });
    expect(statement(statements, 'UseStateKey')).toMatchObject({ Resource: keyArn });
  });

  it('denies the plan role, which runs any pull request’s code, reads of data outside its state', () => {
    const deny = statement(statementsOf(json.resource('aws_iam_role_policy', 'PlanStateAccess'), 'policy'), 'DenyDataReads');
    expect(deny).toMatchObject({ Effect: 'Deny', NotResource: [`${bucketArn}/production/*`, lockTableArn] });
    expect(deny?.Action).toEqual(expect.arrayContaining(['s3:GetObject', 'dynamodb:Scan', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'logs:GetLogEvents', 'sqs:ReceiveMessage']));
  });

  it('scopes the apply role’s IAM writes to the environment’s own names and its region’s EKS OIDC providers', () => {
    expect(json.resources('aws_iam_role_policy_attachment').filter(({ logicalId }) => logicalId.includes('Apply')).map((a) => a.policy_arn).sort()).toEqual([
      'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
      'arn:aws:iam::aws:policy/PowerUserAccess',
    ]);
    const statements = statementsOf(json.resource('aws_iam_role_policy', 'ApplyScope'), 'policy');
    expect(statement(statements, 'ManageEnvironmentRoles')).toMatchObject({ Effect: 'Allow', Resource: 'arn:aws:iam::123456789012:role/platform-production-*' });
    expect(statement(statements, 'ManageEnvironmentRoles')?.Action).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PassRole']));
    expect(statement(statements, 'ManageEnvironmentPolicies')).toMatchObject({ Resource: 'arn:aws:iam::123456789012:policy/platform-production-*' });
    expect(statement(statements, 'ManageEksOidcProviders')).toMatchObject({ Resource: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/*' });
  });

  it('keeps the apply role off its own trust, the GitHub provider and the state store, and in the environment’s regions', () => {
    const statements = statementsOf(json.resource('aws_iam_role_policy', 'ApplyScope'), 'policy');
    expect(statement(statements, 'ProtectDeliveryAccess')).toEqual({
      Sid: 'ProtectDeliveryAccess',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: [
        'arn:aws:iam::123456789012:role/platform-production-github-plan',
        'arn:aws:iam::123456789012:role/platform-production-github-review',
        'arn:aws:iam::123456789012:role/platform-production-github-apply',
        'arn:aws:iam::123456789012:role/platform-production-github-images',
        PROVIDER_ARN,
      ],
    });
    const protectState = statement(statements, 'ProtectStateStore');
    expect(protectState).toMatchObject({ Effect: 'Deny', Resource: [bucketArn, `${bucketArn}/*`, lockTableArn, keyArn, keyAliasArn] });
    expect(protectState?.Action).toEqual(
      expect.arrayContaining(['s3:DeleteBucket', 's3:DeleteObjectVersion', 'dynamodb:DeleteTable', 'dynamodb:UpdateContinuousBackups', 'kms:ScheduleKeyDeletion', 'kms:UpdateAlias', 'kms:DeleteAlias']),
    );
    expect(statement(statements, 'StayInTheEnvironmentsRegions')).toMatchObject({
      Effect: 'Deny',
      Action: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'us-east-1'] } },
    });
  });

  it('trusts the immutable subject of newer repositories, another main branch, and allows a separate state region', () => {
    const custom = synth({ githubRepository: 'example-org@42/platform-infrastructure@4242', mainBranch: 'trunk', stateRegion: 'eu-west-1' });
    const subjects = (id: string) => subjectsOf(custom.resource('aws_iam_role', id));
    expect(subjects('PlanRole')).toEqual(['repo:example-org@42/platform-infrastructure@4242:ref:refs/heads/trunk']);
    expect(subjects('ReviewRole')).toEqual(['repo:example-org@42/platform-infrastructure@4242:pull_request']);
    expect(subjects('ApplyRole')).toEqual(['repo:example-org@42/platform-infrastructure@4242:environment:production']);
    const regions = statement(statementsOf(custom.resource('aws_iam_role_policy', 'ApplyScope'), 'policy'), 'StayInTheEnvironmentsRegions');
    expect(regions?.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1', 'us-east-1'] } });
  });

  describe('with a secondary region and its state store', () => {
    const secondaryStore = { bucketName: 'platform-tfstate-123456789012-eu-west-1', lockTableName: 'platform-terraform-locks', kmsKeyAlias: 'alias/platform-terraform-state', region: 'eu-west-1' };
    const withSecondary = synth({ additionalRegions: ['eu-west-1'], additionalStateStores: [secondaryStore] });
    const plan = statementsOf(withSecondary.resource('aws_iam_role_policy', 'PlanStateAccess'), 'policy');
    const apply = statementsOf(withSecondary.resource('aws_iam_role_policy', 'ApplyScope'), 'policy');
    const secondaryBucket = 'arn:aws:s3:::platform-tfstate-123456789012-eu-west-1';
    const secondaryTable = 'arn:aws:dynamodb:eu-west-1:123456789012:table/platform-terraform-locks';
    const aliasCondition = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/platform-terraform-state'] } };

    it('gives the plan role the environment’s objects and locks in both stores', () => {
      expect(statement(plan, 'ListStateBucket')?.Resource).toEqual([bucketArn, secondaryBucket]);
      expect(statement(plan, 'ReadState')?.Resource).toEqual([`${bucketArn}/production/*`, `${secondaryBucket}/production/*`]);
      expect(statement(plan, 'LockStateInTable')).toMatchObject({
        Resource: [lockTableArn, secondaryTable],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${bucketName}/production/*`, 'platform-tfstate-123456789012-eu-west-1/production/*'] } },
      });
      expect(statement(plan, 'DenyDataReads')?.NotResource).toEqual([`${bucketArn}/production/*`, `${secondaryBucket}/production/*`, lockTableArn, secondaryTable]);
    });

    it('lets the plan role use the other store’s key, which another stack creates, by its alias', () => {
      expect(statement(plan, 'UseAdditionalStateKeys')).toEqual({
        Sid: 'UseAdditionalStateKeys',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
        Condition: aliasCondition,
      });
    });

    it('lets the apply role work in the secondary region, with its EKS OIDC providers, and protects the other store', () => {
      expect(statement(apply, 'StayInTheEnvironmentsRegions')?.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1', 'us-east-1'] } });
      expect(statement(apply, 'ManageEksOidcProviders')?.Resource).toEqual([
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/*',
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/*',
      ]);
      expect(statement(apply, 'ProtectStateStore')?.Resource).toEqual([
        bucketArn,
        `${bucketArn}/*`,
        lockTableArn,
        keyArn,
        keyAliasArn,
        secondaryBucket,
        `${secondaryBucket}/*`,
        secondaryTable,
        'arn:aws:kms:eu-west-1:123456789012:alias/platform-terraform-state',
      ]);
      expect(statement(apply, 'ProtectAdditionalStateKeys')).toMatchObject({ Effect: 'Deny', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*', Condition: aliasCondition });
      expect(statement(apply, 'ProtectAdditionalStateKeys')?.Action).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey']));
    });

    it('adds no statement for other stores without them', () => {
      expect(statement(statementsOf(json.resource('aws_iam_role_policy', 'PlanStateAccess'), 'policy'), 'UseAdditionalStateKeys')).toBeUndefined();
      expect(statement(statementsOf(json.resource('aws_iam_role_policy', 'ApplyScope'), 'policy'), 'ProtectAdditionalStateKeys')).toBeUndefined();
    });
  });

  const otherStore = { bucketName: 'platform-tfstate-123456789012-eu-west-1', lockTableName: 'platform-terraform-locks', kmsKeyAlias: 'alias/platform-terraform-state', region: 'eu-west-1' };
  it.each<[string, Partial<GithubDeployRolesProps>, RegExp]>([
    ['an additional region that is no region', { additionalRegions: ['eu-west-*'] }, /additionalRegions: 'eu-west-\*' is not a region of the partition of eu-central-1\. Fix: give region names/],
    ['an additional region of another partition', { additionalRegions: ['cn-north-1'] }, /additionalRegions: 'cn-north-1' is not a region of the partition/],
    ['a store bucket with a wildcard', { additionalStateStores: [{ ...otherStore, bucketName: 'platform-tfstate-*' }] }, /additionalStateStores: bucket 'platform-tfstate-\*'.* is not a name/],
    ['a store lock table with a wildcard', { additionalStateStores: [{ ...otherStore, lockTableName: '*' }] }, /additionalStateStores: .*lock table '\*'.* is not a name/],
    ['a store key alias of AWS', { additionalStateStores: [{ ...otherStore, kmsKeyAlias: 'alias/aws/s3' }] }, /key alias 'alias\/aws\/s3' is not a name.*Fix: give the store’s exact names/],
    ['a store in the state region', { additionalStateStores: [{ ...otherStore, region: 'eu-central-1' }] }, /additionalStateStores: the store '.*' in 'eu-central-1' is not the only store of its region/],
    ['two stores in one region', { additionalStateStores: [otherStore, { ...otherStore, bucketName: 'other-tfstate' }] }, /the store 'other-tfstate' in 'eu-west-1' is not the only store of its region/],

    ['a wildcard repository', { githubRepository: 'example-org/*' }, /github-production: githubRepository: 'example-org\/\*' is not a GitHub repository\. Fix: give 'owner\/name'/],
    ['a wildcard branch', { mainBranch: 'release-*' }, /mainBranch: 'release-\*' is not a branch name/],
    ['an environment with a colon', { environment: 'prod:x' }, /environment: 'prod:x' cannot be matched in a subject claim/],
    [
      'role names over 64 characters',
      { namePrefix: `${'p'.repeat(41)}-production` },
      /namePrefix: '.*-production-github-review' is not an IAM role name \(at most 64 letters.*Fix: shorten the project or environment name/,
    ],
    // 64 characters for the apply role, 65 for the review and image push roles.
    ['a review role name over 64 characters', { namePrefix: `${'p'.repeat(40)}-production` }, /namePrefix: 'p{40}-production-github-review' is not an IAM role name/],
    ['a name prefix with a character IAM rejects', { namePrefix: 'platform/production' }, /namePrefix: 'platform\/production-github-plan' is not an IAM role name/],
    ['a state key prefix with a leading slash', { stateKeyPrefix: '/production' }, /stateKeyPrefix: '\/production' is not a state key prefix/],
  ])('rejects %s', (_case, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
