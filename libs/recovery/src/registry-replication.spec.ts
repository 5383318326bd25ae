import { PlatformAwsProvider } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { decide, SIMULATED_ACCOUNT } from './private/iam-simulation';
import { RegistryReplication, RegistryReplicationProps, REPOSITORY_CREATION_ACTIONS } from './registry-replication';

type Props = Omit<RegistryReplicationProps, 'destinationProvider'>;
const PROPS: Props = { name: 'platform-production', accountId: SIMULATED_ACCOUNT, region: 'eu-central-1', destinationRegion: 'eu-west-1', repositoryPrefixes: ['novel-engine', 'kgas'] };
const build = (scope: Construct, props: Partial<Props> = {}, id = 'registry') => {
  const destinationProvider = (scope.node.tryFindChild('secondary') as PlatformAwsProvider | undefined) ?? new PlatformAwsProvider(scope, 'secondary', { region: 'eu-west-1', accountId: SIMULATED_ACCOUNT, tags: {}, alias: 'eu-west-1' });
  return new RegistryReplication(scope, id, { ...PROPS, ...props, destinationProvider });
};
const synth = (props: Partial<Props> = {}) => synthJson((scope) => build(scope, props));
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/2222bbbb-22bb-22bb-22bb-222222222222';

describe('RegistryReplication', () => {
  it("replicates the repositories under each prefix to the same account's registry in the destination region", () => {
    const [configuration] = synth().resources('aws_ecr_replication_configuration');
    expect(configuration.provider).toBeUndefined();
    expect(configuration.replication_configuration).toEqual({
      rule: [
        {
          destination: [{ region: 'eu-west-1', registry_id: SIMULATED_ACCOUNT }],
          repository_filter: [
            { filter: 'kgas/', filter_type: 'PREFIX_MATCH' },
            { filter: 'novel-engine/', filter_type: 'PREFIX_MATCH' },
          ],
        },
      ],
    });
  });

  it('creates the replicated repositories in the destination region with immutable tags, encrypted with a key of that region, through the creation role', () => {
    const json = synth();
    const key = json.resources('aws_kms_key')[0];
    expect(key).toMatchObject({ provider: 'aws.eu-west-1', enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(JSON.parse(key.policy as string).Statement[1].Condition.StringEquals['kms:ViaService']).toBe('ecr.eu-west-1.amazonaws.com');
    const templates = json.resources('aws_ecr_repository_creation_template');
    expect(templates.map((template) => template.prefix)).toEqual(['kgas', 'novel-engine']);
    for (const template of templates) {
      expect(template).toMatchObject({
        provider: 'aws.eu-west-1',
        applied_for: ['REPLICATION'],
        image_tag_mutability: 'IMMUTABLE',
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: json.ref(key, 'arn') }],
        custom_role_arn: json.ref(json.resources('aws_iam_role')[0], 'arn'),
      });
      expect(template.lifecycle_policy).toBeUndefined();
    }
  });

  it('keys each template by its prefix, so adding a prefix leaves the others alone', () => {
    const ids = (prefixes: string[]) => synth({ repositoryPrefixes: prefixes }).resources('aws_ecr_repository_creation_template').map((template) => template.logicalId);
    const before = ids(['novel-engine', 'kgas']);
    expect(ids(['aaa', 'novel-engine', 'kgas'])).toEqual(expect.arrayContaining(before));
  });

  it('gives the replicated repositories the lifecycle policy it is given', () => {
    const policy = JSON.stringify({ rules: [] });
    expect(synth({ lifecyclePolicy: policy }).resources('aws_ecr_repository_creation_template')[0]).toMatchObject({ lifecycle_policy: policy });
  });

  it('lets ECR assume the creation role, as AWS documents for templates with a KMS key', () => {
    const [role] = synth().resources('aws_iam_role');
    expect(role).toMatchObject({ name: 'platform-production-ecr-replicas', provider: 'aws.eu-west-1' });
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'ecr.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  describe('its creation role, simulated', () => {
    const json = synth();
    const key = json.resources('aws_kms_key')[0];
    const policy = JSON.parse((json.resources('aws_iam_role_policy')[0].policy as string).replace(json.ref(key, 'arn'), KEY));
    // A key's policy must let IAM policies count at all: the role's requests on keys are simulated under it.
    const keyPolicy = JSON.parse(key.policy as string);
    const request = (action: string, resource: string) =>
      decide({ role: 'platform-production-ecr-replicas', action, resource, resourcePolicy: action.startsWith('kms:') ? keyPolicy : undefined }, policy);
    const repository = (name: string, region = 'eu-west-1') => `arn:aws:ecr:${region}:${SIMULATED_ACCOUNT}:repository/${name}`;

    it.each(REPOSITORY_CREATION_ACTIONS.flatMap((action) => [[action, 'kgas/api'], [action, 'novel-engine/backend']]))('may %s on %s', async (action, name) => {
      expect(await request(action, repository(name))).toBe('Allowed');
    });

    it.each(['kms:CreateGrant', 'kms:DescribeKey'])('may %s on the replicas key', async (action) => {
      expect(await request(action, KEY)).toBe('Allowed');
    });

    it.each([
      ['create a repository outside the prefixes', 'ecr:CreateRepository', repository('other/api')],
      ['create a repository in the source region', 'ecr:CreateRepository', repository('kgas/api', 'eu-central-1')],
      ['delete a replicated repository', 'ecr:DeleteRepository', repository('kgas/api')],
      ['push an image', 'ecr:PutImage', repository('kgas/api')],
      ['decrypt with the key', 'kms:Decrypt', KEY],
      ['grant on another key', 'kms:CreateGrant', 'arn:aws:kms:eu-west-1:123456789012:key/3333cccc-33cc-33cc-33cc-333333333333'],
    ])('may not %s', async (_, action, resource) => {
      expect(await request(action, resource)).toBe('ImplicitlyDenied');
    });
  });

  it('refuses a second replication of the same registry in one app, since a registry has one replication configuration', () => {
    const app = Testing.app();
    build(new TerraformStack(app, 'production-recovery'));
    expect(() => build(new TerraformStack(app, 'storymagic-production-recovery'), { name: 'storymagic-production' })).toThrow(
      /storymagic-production-recovery\/registry: region: the registry of 123456789012 in eu-central-1 is already replicated by production-recovery\/registry, and a registry has one replication configuration\. Fix: list all repository prefixes/,
    );
    expect(() => build(new TerraformStack(app, 'other-account'), { accountId: '210987654321' })).not.toThrow();
  });

  describe('refuses', () => {
    it.each<[string, Partial<Props>, RegExp]>([
      ['no prefixes', { repositoryPrefixes: [] }, /registry: repositoryPrefixes: is empty, so nothing is replicated\. Fix:/],
      ['a prefix with a trailing slash', { repositoryPrefixes: ['kgas/'] }, /repositoryPrefixes: 'kgas\/' is not a repository namespace\. Fix: write lower-case path components without a trailing '\/'/],
      ['a prefix with capitals', { repositoryPrefixes: ['KGAS'] }, /repositoryPrefixes: 'KGAS' is not a repository namespace/],
      ['a prefix listed twice', { repositoryPrefixes: ['kgas', 'kgas'] }, /repositoryPrefixes: lists 'kgas' more than once/],
      ['prefixes that differ only in a separator', { repositoryPrefixes: ['kgas_api', 'kgas.api'] }, /repositoryPrefixes: has prefixes that differ only in '\.', '_' or '\/'/],
      ['more prefixes than ECR takes', { repositoryPrefixes: Array.from({ length: 101 }, (_, index) => `team${index}`) }, /repositoryPrefixes: has 101 prefixes, ECR takes 100 filters per rule/],
      ['the source region as destination', { destinationRegion: 'eu-central-1' }, /destinationRegion: is the source region eu-central-1\. Fix:/],
      ['a destination region that is not one', { destinationRegion: 'ireland' }, /region: 'ireland' is not a region name/],
      ['a name that cannot name a role', { name: 'platform production' }, /name: 'platform production' is not 1 to 52 letters, digits, '_' or '-'/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
