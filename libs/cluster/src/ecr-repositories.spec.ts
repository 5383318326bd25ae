import { synthJson } from '@platform/terraform-testing';
import { EcrRepositories, EcrRepositoriesProps } from './ecr-repositories';

const PROPS: EcrRepositoriesProps = { namePrefix: 'platform-test', repositoryNames: ['novel-engine/backend', 'novel-engine/frontend'] };

const synthEcr = (props: Partial<EcrRepositoriesProps> = {}) => synthJson((scope) => new EcrRepositories(scope, 'ecr', { ...PROPS, ...props }));

describe('EcrRepositories', () => {
  const json = synthEcr();
  const key = json.resource('aws_kms_key', 'Key');

  it('creates one repository per name, keyed by the name', () => {
    expect(json.resource('aws_ecr_repository', 'Repository-novel-engine-backend').name).toBe('novel-engine/backend');
    expect(json.resource('aws_ecr_repository', 'Repository-novel-engine-frontend').name).toBe('novel-engine/frontend');
  });

  it('scans on push, keeps tags immutable, encrypts with KMS and never force-deletes', () => {
    for (const repository of json.resources('aws_ecr_repository')) {
      expect(repository).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: json.ref(key, 'arn') }],
        force_delete: false,
      });
    }
  });

  it('keeps the key from terraform destroy unless told otherwise (no image could be pulled without it)', () => {
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
    expect(synthEcr({ preventKeyDestroy: false }).resource('aws_kms_key', 'Key').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('creates one rotating key for all repositories', () => {
    expect(json.resources('aws_kms_key')).toHaveLength(1);
    expect(key.enable_key_rotation).toBe(true);
    expect(json.resource('aws_kms_alias', 'KeyAlias')).toMatchObject({ name: 'alias/platform-test-ecr', target_key_id: json.ref(key, 'key_id') });
  });

  it('expires untagged images after 14 days and never a tagged image (a running release may use any tag)', () => {
    const policy = json.resource('aws_ecr_lifecycle_policy', 'LifecyclePolicy-novel-engine-backend');
    expect(policy.repository).toBe(json.ref(json.resource('aws_ecr_repository', 'Repository-novel-engine-backend'), 'name'));
    const rules = JSON.parse(policy.policy as string).rules;
    expect(rules).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images 14 days after their push',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
        action: { type: 'expire' },
      },
    ]);
    expect(rules.filter((rule: { selection: { tagStatus: string } }) => rule.selection.tagStatus !== 'untagged')).toEqual([]);
  });

  it('with taggedImagesKept, also expires all but the newest tagged images, not counting signatures (for environments whose releases are disposable)', () => {
    const rules = JSON.parse(synthEcr({ untaggedImageExpiryDays: 7, taggedImagesKept: 100 }).resources('aws_ecr_lifecycle_policy')[0].policy as string).rules;
    expect(rules).toEqual([
      expect.objectContaining({ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 } }),
      // Matched first, cosign's signature tags are outside the count of rule 3.
      expect.objectContaining({ rulePriority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['sha256-'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3650 } }),
      {
        rulePriority: 3,
        description: 'Keep the newest 100 tagged images',
        selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 100 },
        action: { type: 'expire' },
      },
    ]);
  });

  it('uses a given key instead of creating one', () => {
    const given = 'arn:aws:kms:eu-central-1:123456789012:key/0d2f1d3e-1111-2222-3333-444455556666';
    const withKey = synthEcr({ kmsKeyArn: given });
    expect(withKey.resources('aws_kms_key')).toEqual([]);
    expect(withKey.resources('aws_ecr_repository').map((r) => r.encryption_configuration)).toEqual([
      [{ encryption_type: 'KMS', kms_key: given }],
      [{ encryption_type: 'KMS', kms_key: given }],
    ]);
  });

  it('adding a repository leaves the others untouched', () => {
    const more = synthEcr({ repositoryNames: ['novel-engine/admin', ...PROPS.repositoryNames] });
    for (const type of ['aws_ecr_repository', 'aws_ecr_lifecycle_policy']) {
      for (const before of json.resources(type)) {
        expect(more.resources(type).find((after) => after.logicalId === before.logicalId)).toEqual(before);
      }
    }
    expect(more.resources('aws_ecr_repository')).toHaveLength(3);
  });

  it('creates nothing but the key when no repository is listed', () => {
    expect(synthEcr({ repositoryNames: [] }).resources('aws_ecr_repository')).toEqual([]);
  });

  describe('validation', () => {
    it.each<[string, Partial<EcrRepositoriesProps>, RegExp]>([
      ['an upper-case name', { repositoryNames: ['Novel/Backend'] }, /ecr: repositoryNames: 'Novel\/Backend' is not an ECR repository name/],
      ['a repeated name', { repositoryNames: ['app', 'app'] }, /repositoryNames: lists 'app' more than once/],
      ['names that share an id', { repositoryNames: ['a.b', 'a-b'] }, /repositoryNames: has names that differ only in/],
      ['zero expiry days', { untaggedImageExpiryDays: 0 }, /untaggedImageExpiryDays: 0 is not a positive whole number of days/],
      ['zero kept images', { taggedImagesKept: 0 }, /taggedImagesKept: 0 is not a positive whole number of images/],
      ['a malformed key ARN', { kmsKeyArn: 'my-key' }, /kmsKeyArn: 'my-key' is not a KMS key ARN/],
    ])('rejects %s, naming the construct path and the field', (_case, props, message) => {
      expect(() => synthEcr(props)).toThrow(message);
    });
  });
});
