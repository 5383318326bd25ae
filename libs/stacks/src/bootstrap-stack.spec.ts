import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { BootstrapStack, stateGroups } from './bootstrap-stack';

const base = exampleEnvironment({ name: 'development', accountId: '111111111111', network: { vpcCidr: '10.10.0.0/16' } });
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

  it('keeps its own state locally until told it lives in the bucket it created', () => {
    expect(synth().terraform.backend).toBeUndefined();
    const migrated = [development, testing].map((env) => ({ ...env, state: { ...env.state, bootstrapBackend: 's3' as const } }));
    expect(synth(migrated).terraform.backend.s3).toMatchObject({ bucket: development.state.bucket, key: 'bootstrap/111111111111-eu-central-1.tfstate' });
  });
});
