import { synthJson } from '@platform/terraform-testing';
import { GithubImagePushRole, GithubImagePushRoleProps } from './github-image-push-role';
import { authorize, authorizeGithubJob, RoleRequest } from './private/iam-simulation';

const ACCOUNT = '123456789012';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const REPOSITORY = 'example-org/platform-infrastructure';

function synth(overrides: Partial<GithubImagePushRoleProps> = {}) {
  return synthJson((scope) => {
    new GithubImagePushRole(scope, 'github-development-images', {
      environment: 'development',
      namePrefix: 'platform-development',
      githubRepository: REPOSITORY,
      oidcProviderArn: PROVIDER_ARN,
      accountId: ACCOUNT,
      region: 'eu-central-1',
      repositoryNames: ['novel-engine/backend', 'novel-engine/frontend'],
      ...overrides,
    });
  });
}

const repositoryArn = (name: string, region = 'eu-central-1', account = ACCOUNT) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

describe('GithubImagePushRole', () => {
  const json = synth();
  const role = json.resource('aws_iam_role', 'Role');
  const policy = JSON.parse(json.resource('aws_iam_role_policy', 'Policy').policy as string);

  it('is named <namePrefix>-github-images and trusts only the GitHub environment <environment>-images, with the STS audience', () => {
    expect(role.name).toBe('platform-development-github-images');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': [`repo:${REPOSITORY}:environment:development-images`],
          },
        },
      },
    ]);
  });

  it('names each repository of the environment by ARN, never a pattern', () => {
    const push = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'PushAndReadTheEnvironmentsImages');
    expect(push.Resource).toEqual([repositoryArn('novel-engine/backend'), repositoryArn('novel-engine/frontend')]);
    expect(JSON.stringify(policy.Statement.filter((statement: { Sid: string }) => statement.Sid !== 'AuthenticateToTheRegistry'))).not.toContain('*');
  });

  describe('simulated', () => {
    const policies = [policy];
    const onRepository = (action: string, name = 'novel-engine/backend', region = 'eu-central-1'): RoleRequest => ({ action, resource: repositoryArn(name, region) });

    it.each<[string, RoleRequest]>([
      ['gets a registry token', { action: 'ecr:GetAuthorizationToken', resource: '*' }],
      ...GithubImagePushRole.PUSH_ACTIONS.map((action): [string, RoleRequest] => [`pushes to the environment’s repository (${action})`, onRepository(action)]),
      ['pushes to its other repository', onRepository('ecr:PutImage', 'novel-engine/frontend')],
      ['reads an image manifest (promotion, signing, retagging)', onRepository('ecr:BatchGetImage')],
      ['downloads layers', onRepository('ecr:GetDownloadUrlForLayer')],
      ['resolves a tag to its digest', onRepository('ecr:DescribeImages')],
    ])('%s', async (_, request) => {
      expect(await authorize(ACCOUNT, policies, request)).toBe('Allowed');
    });

    it.each<[string, RoleRequest]>([
      ['push to another repository of the account', onRepository('ecr:PutImage', 'storymagic/api')],
      ['push layers to another repository', onRepository('ecr:InitiateLayerUpload', 'kgas/api')],
      ['push to the same name in another region', onRepository('ecr:PutImage', 'novel-engine/backend', 'eu-west-1')],
      ['push to the same name in another account', { action: 'ecr:PutImage', resource: repositoryArn('novel-engine/backend', 'eu-central-1', '999999999999') }],
      ['delete a repository', onRepository('ecr:DeleteRepository')],
      ['delete images', onRepository('ecr:BatchDeleteImage')],
      ['set a repository policy', onRepository('ecr:SetRepositoryPolicy')],
      ['delete a repository policy', onRepository('ecr:DeleteRepositoryPolicy')],
      ['change the lifecycle policy', onRepository('ecr:PutLifecyclePolicy')],
      ['make tags mutable', onRepository('ecr:PutImageTagMutability')],
      ['turn off scan on push', onRepository('ecr:PutImageScanningConfiguration')],
      ['create a repository', onRepository('ecr:CreateRepository', 'novel-engine/other')],
      ['replicate the registry elsewhere', { action: 'ecr:PutReplicationConfiguration', resource: '*' }],
    ])('cannot %s', async (_, request) => {
      expect(await authorize(ACCOUNT, policies, request)).toBe('ImplicitlyDenied');
    });

    const trust = role.assume_role_policy as string;
    const job = (context: string, aud = 'sts.amazonaws.com') => ({ sub: `repo:${REPOSITORY}:${context}`, aud });

    it('is assumed by a job of the GitHub environment development-images', async () => {
      expect(await authorizeGithubJob(ACCOUNT, trust, job('environment:development-images'))).toBe('Allowed');
    });

    it.each([
      ['a pull request', job('pull_request')],
      ['the main branch outside the environment', job('ref:refs/heads/main')],
      ['the deploy environment development (the apply role’s)', job('environment:development')],
      ['the images environment of another environment', job('environment:production-images')],
      ['another repository’s development-images environment', { sub: 'repo:someone/fork:environment:development-images', aud: 'sts.amazonaws.com' }],
      ['a token for another audience', job('environment:development-images', 'https://github.com/example-org')],
    ])('is not assumed by %s', async (_, claims) => {
      expect(await authorizeGithubJob(ACCOUNT, trust, claims)).toBe('ImplicitlyDenied');
    });
  });

  it('trusts another GitHub environment when given one', () => {
    const custom = synth({ githubEnvironment: 'development-release' }).resource('aws_iam_role', 'Role');
    expect(custom.assume_role_policy).toContain(`repo:${REPOSITORY}:environment:development-release`);
  });

  it.each<[string, Partial<GithubImagePushRoleProps>, RegExp]>([
    ['no repositories', { repositoryNames: [] }, /github-development-images: repositoryNames: is empty, so the role could push nowhere\. Fix: create the role only for an environment with image repositories/],
    ['a wildcard repository', { repositoryNames: ['novel-engine/*'] }, /repositoryNames: 'novel-engine\/\*' is not an ECR repository name\. Fix: name each repository exactly/],
    ['a wildcard GitHub repository', { githubRepository: 'example-org/*' }, /githubRepository: 'example-org\/\*' is not a GitHub repository/],
    ['a GitHub environment with a colon', { githubEnvironment: 'dev:images' }, /githubEnvironment: 'dev:images' cannot be matched in a subject claim/],
    ['a role name over 64 characters', { namePrefix: `${'p'.repeat(40)}-development` }, /namePrefix: 'p{40}-development-github-images' is not an IAM role name/],
  ])('rejects %s', (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
