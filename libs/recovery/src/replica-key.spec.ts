import { synthJson } from '@platform/terraform-testing';
import { ReplicaKey, ReplicaKeyProps } from './replica-key';

const props: ReplicaKeyProps = { accountId: '123456789012', region: 'eu-west-1', service: 'secretsmanager', description: 'Encrypts the secret replicas', alias: 'platform-production-euw1-secrets' };

describe('ReplicaKey', () => {
  const synth = (overrides: Partial<ReplicaKeyProps> = {}) => synthJson((scope) => new ReplicaKey(scope, 'key', { ...props, ...overrides }));

  it('lets only the named service of its own region use it for the account, rotates yearly and survives a destroy plan', () => {
    const json = synth();
    const [key] = json.resources('aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const policy = JSON.parse(String(key.policy)) as { Statement: { Sid: string; Condition?: Record<string, Record<string, string>> }[] };
    const use = policy.Statement.find((statement) => statement.Sid === 'ServiceUsesTheKey');
    expect(use?.Condition?.StringEquals).toEqual({ 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': '123456789012' });
    expect(policy.Statement.some((statement) => statement.Sid.includes('Grant'))).toBe(false);
    expect(json.resources('aws_kms_alias')[0].name).toBe('alias/platform-production-euw1-secrets');
  });

  it.each<[string, Partial<ReplicaKeyProps>, RegExp]>([
    ['a service that is no endpoint prefix', { service: 'Secrets Manager' }, /key: service: 'Secrets Manager' is not a service endpoint prefix/],
    ['an alias with its prefix', { alias: 'alias/x' }, /key: alias: 'alias\/x' is not a KMS alias name/],
    ['an AWS-reserved alias', { alias: 'aws/secretsmanager' }, /key: alias: 'aws\/secretsmanager' is not a KMS alias name/],
  ])('rejects %s', (_case, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
