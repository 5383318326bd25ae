import { synthJson } from '@platform/terraform-testing';
import { ApplicationSecrets, ApplicationSecretsProps } from './application-secrets';

const PROPS: ApplicationSecretsProps = {
  project: 'platform',
  environment: 'production',
  accountId: '123456789012',
  region: 'eu-central-1',
  secretNames: ['novel-engine/gemini-api-key', 'novel-engine/jwt-secret-key'],
};

const synth = (props: Partial<ApplicationSecretsProps> = {}) => synthJson((scope) => new ApplicationSecrets(scope, 'secrets', { ...PROPS, ...props }));

describe('ApplicationSecrets', () => {
  const json = synth();

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the key of the secrets', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(1);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('creates one secret per name under <project>/<environment>/, keyed by name', () => {
    expect(json.resources('aws_secretsmanager_secret')).toHaveLength(2);
    expect(json.resource('aws_secretsmanager_secret', 'Secret-novel-engine-gemini-api-key').name).toBe('platform/production/novel-engine/gemini-api-key');
    expect(json.resource('aws_secretsmanager_secret', 'Secret-novel-engine-jwt-secret-key').name).toBe('platform/production/novel-engine/jwt-secret-key');
  });

  it('encrypts every secret with its own rotating key and keeps deleted secrets 30 days', () => {
    const keyArn = json.ref(json.resource('aws_kms_key', 'Key'), 'arn');
    expect(json.resource('aws_kms_key', 'Key').enable_key_rotation).toBe(true);
    for (const secret of json.resources('aws_secretsmanager_secret')) {
      expect(secret).toMatchObject({ kms_key_id: keyArn, recovery_window_in_days: 30 });
    }
  });

  it('creates containers only: no secret version, no value anywhere', () => {
    expect(json.resources('aws_secretsmanager_secret_version')).toEqual([]);
    expect(JSON.stringify(json.json)).not.toMatch(/"password"|password_wo|auth_token|secret_string/);
  });

  it('exposes the secrets and their ARNs by name', () => {
    const secrets = synthJson((scope) => {
      const built = new ApplicationSecrets(scope, 'secrets', PROPS);
      expect(Object.keys(built.secrets)).toEqual(PROPS.secretNames);
      expect(Object.keys(built.secretArns)).toEqual(PROPS.secretNames);
      expect(built.prefix).toBe('platform/production/');
    });
    expect(secrets.resources('aws_secretsmanager_secret')).toHaveLength(2);
  });

  it('replicates no secret by default', () => {
    for (const secret of json.resources('aws_secretsmanager_secret')) expect(secret).not.toHaveProperty('replica');
  });

  it('replicates every secret to each replica region, encrypted there with that region’s key', () => {
    const west = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const north = 'arn:aws:kms:eu-north-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab';
    const replicated = synth({ replicaRegions: [{ region: 'eu-west-1', kmsKeyArn: west }, { region: 'eu-north-1', kmsKeyArn: north }] });
    for (const secret of replicated.resources('aws_secretsmanager_secret')) {
      expect(secret.replica).toEqual([
        { region: 'eu-north-1', kms_key_id: north },
        { region: 'eu-west-1', kms_key_id: west },
      ]);
    }
  });

  describe('validation', () => {
    it.each<[string, Partial<ApplicationSecretsProps>, RegExp]>([
      ['an upper-case name', { secretNames: ['Novel/Key'] }, /secrets: secretNames: 'Novel\/Key' is not a secret name/],
      ['a name with a space', { secretNames: ['novel key'] }, /secretNames: 'novel key' is not a secret name/],
      ['a repeated name', { secretNames: ['a/b', 'a/b'] }, /secretNames: lists 'a\/b' more than once/],
      ['a recovery window below 7 days', { recoveryWindowInDays: 0 }, /recoveryWindowInDays: 0 is outside 7 to 30 days/],
      ['an invalid environment', { environment: 'Prod' }, /environment: 'Prod' is not a name part/],
      [
        'a replica in the secrets’ own region',
        { replicaRegions: [{ region: 'eu-central-1', kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/abc' }] },
        /replicaRegions: 'eu-central-1' is not a region other than eu-central-1/,
      ],
      [
        'a replica key of another region',
        { replicaRegions: [{ region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/abc' }] },
        /replicaRegions: the key of eu-west-1, .* is not a KMS key ARN in eu-west-1/,
      ],
      [
        'a replica region twice',
        {
          replicaRegions: [
            { region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
            { region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/def' },
          ],
        },
        /replicaRegions: lists 'eu-west-1' more than once/,
      ],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
