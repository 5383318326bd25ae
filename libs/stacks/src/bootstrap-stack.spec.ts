import { EnvironmentConfig, EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BootstrapStack, StateGroup, stateGroups } from './bootstrap-stack';
import { synthesizeEnvironments } from './synthesize-environments';

// Without disaster recovery (so not production) unless a test says so: a strategy adds the secondary region's store.
const base = exampleEnvironment({ name: 'development', production: false, accountId: '111111111111', network: { vpcCidr: '10.10.0.0/16' }, recovery: { strategy: 'none' } });
const development = loadEnvironment(base);
const testing = loadEnvironment({ ...base, name: 'testing', network: { vpcCidr: '10.20.0.0/16' } });
const production = loadEnvironment({ ...base, name: 'production', accountId: '444444444444', network: { vpcCidr: '10.40.0.0/16' } });

describe('stateGroups', () => {
  it('groups environments by the account and region of their state', () => {
    expect(stateGroups([development, production, testing]).map(({ accountId, region, environments }) => [accountId, region, environments.map((e) => e.name)])).toEqual([
      ['111111111111', 'eu-central-1', ['development', 'testing']],
      ['444444444444', 'eu-central-1', ['production']],
    ]);
  });

  it('refuses two buckets for one account and region, since the bootstrap makes one', () => {
    const other = loadEnvironment({ ...base, name: 'testing', network: { vpcCidr: '10.20.0.0/16' }, state: { bucket: 'another-bucket' } });
    expect(() => stateGroups([development, other])).toThrow(
      "state.bucket: 'testing' uses 'another-bucket' but 'development', in the same account 111111111111 and region eu-central-1, uses 'platform-tfstate-111111111111-eu-central-1'. Fix: use one bucket per account and region",
    );
  });
});

describe('stateGroups with secondary regions', () => {
  const withRecovery = (environment: EnvironmentConfig, overrides: Partial<EnvironmentInput> = {}) =>
    loadEnvironment({ ...base, name: environment.name, accountId: environment.accountId, network: environment.network, recovery: { strategy: 'backup-restore' }, ...overrides });
  const summary = (groups: StateGroup[]) =>
    groups.map(({ accountId, region, environments }) => [accountId, region, environments.map((e) => (e.site ? `${e.name} (secondary)` : e.name))]);

  it('adds the store of each environment’s secondary region, named for that region, after the environments’ groups', () => {
    const groups = stateGroups([development, withRecovery(production), testing]);
    expect(summary(groups)).toEqual([
      ['111111111111', 'eu-central-1', ['development', 'testing']],
      ['444444444444', 'eu-central-1', ['production']],
      ['444444444444', 'eu-west-1', ['production (secondary)']],
    ]);
    expect(groups[2].environments[0].state).toMatchObject({
      bucket: 'platform-tfstate-444444444444-eu-west-1',
      region: 'eu-west-1',
      lockTable: production.state.lockTable,
      kmsKeyAlias: production.state.kmsKeyAlias,
      keyPrefix: production.state.keyPrefix,
    });
  });

  it('puts a secondary region that is another environment’s state region of the account into that group', () => {
    const ireland = loadEnvironment({ ...base, name: 'testing', network: { vpcCidr: '10.20.0.0/16' }, state: { region: 'eu-west-1' } });
    expect(summary(stateGroups([withRecovery(development), ireland]))).toEqual([
      ['111111111111', 'eu-central-1', ['development']],
      ['111111111111', 'eu-west-1', ['testing', 'development (secondary)']],
    ]);
  });

  it('refuses a secondary region whose store another environment names differently, naming the secondary region', () => {
    const ireland = loadEnvironment({ ...base, name: 'testing', network: { vpcCidr: '10.20.0.0/16' }, state: { region: 'eu-west-1', bucket: 'ireland-state' } });
    expect(() => stateGroups([withRecovery(development), ireland])).toThrow(
      "state.bucket: 'development' (its secondary region eu-west-1) uses 'platform-tfstate-111111111111-eu-west-1' but 'testing', in the same account 111111111111 and region eu-west-1, uses 'ireland-state'. Fix: use one bucket per account and region (remove state.bucket from both to use the default, which a secondary region uses).",
    );
  });

  it('keeps a secondary store’s own bootstrap state in the primary region’s bucket once bootstrap state moved to S3', () => {
    const stackOf = (environment: EnvironmentConfig) => JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups([environment])[1])));
    expect(stackOf(withRecovery(production)).terraform.backend).toBeUndefined();
    expect(stackOf(withRecovery(production, { state: { bootstrapBackend: 's3' } })).terraform.backend.s3).toMatchObject({
      bucket: 'platform-tfstate-444444444444-eu-central-1',
      region: 'eu-central-1',
      key: 'bootstrap/444444444444-eu-west-1.tfstate',
    });
  });
});

describe('BootstrapStack', () => {
  const synth = (environments = [development, testing]) => JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups(environments)[0])));

  it('is named after its account and region, pinned to them, and tagged with its environments', () => {
    const json = synth();
    expect(json.provider.aws[0]).toMatchObject({
      region: 'eu-central-1',
      allowed_account_ids: ['111111111111'],
      default_tags: [{ tags: expect.objectContaining({ Environment: 'development+testing', ManagedBy: 'cdktf' }) }],
    });
    expect(BootstrapStack.nameOf(stateGroups([development])[0])).toBe('bootstrap-111111111111-eu-central-1');
  });

  it('creates the state store the environments’ backends name', () => {
    const json = synth();
    expect(Object.values(json.resource.aws_s3_bucket)).toEqual([expect.objectContaining({ bucket: development.state.bucket })]);
    expect(Object.values(json.resource.aws_dynamodb_table)).toEqual([expect.objectContaining({ name: development.state.lockTable })]);
    expect(Object.values(json.resource.aws_kms_alias)).toEqual([expect.objectContaining({ name: development.state.kmsKeyAlias })]);
  });

  it('tags the state store as the state component', () => {
    const json = synth();
    for (const type of ['aws_s3_bucket', 'aws_dynamodb_table', 'aws_kms_key']) {
      for (const resource of Object.values(json.resource[type]) as { tags?: Record<string, string> }[]) {
        expect(resource.tags).toMatchObject({ Component: 'state' });
      }
    }
  });

  it('keeps its own state locally until told it lives in the bucket it created', () => {
    expect(synth().terraform.backend).toBeUndefined();
    const migrated = [development, testing].map((env) => ({ ...env, state: { ...env.state, bootstrapBackend: 's3' as const } }));
    expect(synth(migrated).terraform.backend.s3).toMatchObject({ bucket: development.state.bucket, key: 'bootstrap/111111111111-eu-central-1.tfstate' });
  });
});

describe('BootstrapStack with GitHub delivery', () => {
  const delivery = { githubRepository: 'example-org/platform-infrastructure' };
  const delivered = (environment: EnvironmentConfig, state: Partial<EnvironmentConfig['state']> = {}): EnvironmentConfig =>
    loadEnvironment({ ...base, name: environment.name, accountId: environment.accountId, network: environment.network, delivery, state: { ...state } });
  const synthGroup = (environments: EnvironmentConfig[], index = 0) => JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups(environments)[index])));
  const roleNames = (json: { resource: { aws_iam_role?: Record<string, { name: string }> } }) => Object.values(json.resource.aws_iam_role ?? {}).map(({ name }) => name).sort();

  it('creates the account’s GitHub OIDC provider and a plan and an apply role per delivered environment', () => {
    const json = synthGroup([delivered(development), delivered(testing)]);
    expect(Object.values(json.resource.aws_iam_openid_connect_provider)).toEqual([expect.objectContaining({ url: 'https://token.actions.githubusercontent.com' })]);
    expect(roleNames(json)).toEqual([
      'platform-development-github-apply',
      'platform-development-github-images',
      'platform-development-github-plan',
      'platform-development-github-review',
      'platform-testing-github-apply',
      'platform-testing-github-images',
      'platform-testing-github-plan',
      'platform-testing-github-review',
    ]);
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining(['testing_github_plan_role_arn', 'testing_github_review_role_arn', 'testing_github_apply_role_arn', 'testing_github_images_role_arn']),
    );
  });

  it('names the roles exactly as the workflows compute their ARNs', () => {
    const environment = delivered(production);
    const arns = BootstrapStack.githubRoleArns(environment);
    expect(arns).toEqual({
      plan: 'arn:aws:iam::444444444444:role/platform-production-github-plan',
      review: 'arn:aws:iam::444444444444:role/platform-production-github-review',
      apply: 'arn:aws:iam::444444444444:role/platform-production-github-apply',
      images: 'arn:aws:iam::444444444444:role/platform-production-github-images',
    });
    expect(roleNames(synthGroup([environment]))).toEqual([arns?.apply, arns?.images, arns?.plan, arns?.review].map((arn) => arn?.split('/')[1]));
  });

  it('creates no GitHub access for environments without delivery settings', () => {
    const json = synthGroup([development, delivered(testing)]);
    expect(roleNames(json)).toEqual(['platform-testing-github-apply', 'platform-testing-github-images', 'platform-testing-github-plan', 'platform-testing-github-review']);
    expect(BootstrapStack.githubRoleArns(development)).toBeUndefined();
    expect(synthGroup([development]).resource.aws_iam_role).toBeUndefined();
    expect(stateGroups([development])[0].createsGithubOidcProvider).toBe(false);
  });

  it('creates the provider once per account when the account keeps state in two regions', () => {
    const ireland = delivered(testing, { region: 'eu-west-1' });
    const groups = stateGroups([delivered(development), ireland]);
    expect(groups.map(({ region, createsGithubOidcProvider }) => [region, createsGithubOidcProvider])).toEqual([
      ['eu-central-1', true],
      ['eu-west-1', false],
    ]);
    const second = synthGroup([delivered(development), ireland], 1);
    expect(second.resource.aws_iam_openid_connect_provider).toBeUndefined();
    const trust = JSON.parse(Object.values<{ name: string; assume_role_policy: string }>(second.resource.aws_iam_role)[0].assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' });
  });

  describe('and a secondary region', () => {
    const production4 = loadEnvironment({ ...base, name: 'production', accountId: '444444444444', network: production.network, delivery, recovery: { strategy: 'backup-restore' }, data: { search: { enabled: true } } });
    const [primary, secondary] = stateGroups([production4]).map((group) => JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), group))));
    const policy = (json: typeof primary, role: string) => JSON.parse(Object.values<{ name: string; policy: string }>(json.resource.aws_iam_role_policy).find(({ name }) => name === role)?.policy ?? '{}');

    it('creates the secondary region’s store in its own stack, with no GitHub access and no account-wide role of its own', () => {
      expect(secondary.provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['444444444444'] });
      expect(Object.values(secondary.resource.aws_s3_bucket)).toEqual([expect.objectContaining({ bucket: 'platform-tfstate-444444444444-eu-west-1' })]);
      expect(Object.values(secondary.resource.aws_kms_alias)).toEqual([expect.objectContaining({ name: production4.state.kmsKeyAlias })]);
      expect(secondary.resource.aws_iam_role).toBeUndefined();
      expect(secondary.resource.aws_iam_openid_connect_provider).toBeUndefined();
      expect(secondary.resource.aws_iam_service_linked_role).toBeUndefined();
      expect(Object.keys(primary.resource.aws_iam_service_linked_role)).toHaveLength(1);
    });

    it('lets the environment’s roles, made in the primary region, reach the secondary store and work in its region', () => {
      const statements: { Sid: string; Resource: unknown; Condition?: unknown }[] = policy(primary, 'terraform-state').Statement;
      expect(statements.find(({ Sid }) => Sid === 'ReadState')?.Resource).toContain('arn:aws:s3:::platform-tfstate-444444444444-eu-west-1/production/*');
      expect(statements.find(({ Sid }) => Sid === 'UseAdditionalStateKeys')).toMatchObject({
        Resource: 'arn:aws:kms:eu-west-1:444444444444:key/*',
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [production4.state.kmsKeyAlias] } },
      });
      const regions = policy(primary, 'environment-scope').Statement.find(({ Sid }: { Sid: string }) => Sid === 'StayInTheEnvironmentsRegions');
      expect(regions.Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    });

    it('is deployed by the roles the primary bootstrap creates', () => {
      const site = stateGroups([production4])[1].environments[0];
      // Images go to the primary region only (ECR replication copies them): the site has no push role.
      const { images, ...stackRoles } = BootstrapStack.githubRoleArns(production4) ?? {};
      expect(images).toBe('arn:aws:iam::444444444444:role/platform-production-github-images');
      expect(BootstrapStack.githubRoleArns(site)).toEqual(stackRoles);
      expect(roleNames(primary)).toEqual(['platform-production-github-apply', 'platform-production-github-images', 'platform-production-github-plan', 'platform-production-github-review']);
    });
  });

  // The apply role may write IAM only under `<project>-<env>-*`; a role named otherwise would fail the deploy.
  it('lets the apply role manage every IAM resource the environment’s stacks create', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-scope-'));
    try {
      const stacks = synthesizeEnvironments([{ input: exampleEnvironment({ delivery }) }], outdir);
      const iamResources = stacks.flatMap(({ file }) => {
        const { resource = {} } = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, { name?: string }>> };
        return Object.entries(resource).flatMap(([type, blocks]) => (type.startsWith('aws_iam_') ? Object.values(blocks).map((block) => ({ type, name: block.name })) : []));
      });
      expect(iamResources.filter(({ type }) => type === 'aws_iam_role').length).toBeGreaterThan(5);
      const outsideScope = iamResources.filter(({ type, name }) => {
        if (type === 'aws_iam_role' || type === 'aws_iam_policy') return !name?.startsWith('platform-staging-');
        // Inline policies and attachments belong to such a role; the EKS OIDC provider has its own statement.
        return !['aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_iam_openid_connect_provider'].includes(type);
      });
      expect(outsideScope).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 30_000);
});
