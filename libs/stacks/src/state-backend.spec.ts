import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing, TerraformStack } from 'cdktf';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addStateBackend, assertStateLocationsDistinct } from './state-backend';
import { synthesizeEnvironments } from './synthesize-environments';

const staging = exampleEnvironment();

function backendOf(input: EnvironmentInput) {
  const stack = new TerraformStack(Testing.app(), 'staging-network');
  addStateBackend(stack, loadEnvironment(input), 'network');
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe('addStateBackend', () => {
  it('derives an encrypted, locked S3 backend from the environment: per-account bucket, key per stack', () => {
    expect(backendOf(staging)).toEqual({
      s3: {
        bucket: 'platform-tfstate-123456789012-eu-central-1',
        key: 'staging/network.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:alias/platform-terraform-state',
        dynamodb_table: 'platform-terraform-locks',
      },
    });
  });

  it('honours explicit state settings and the S3 lock file switch', () => {
    const backend = backendOf({
      ...staging,
      state: { bucket: 'acme-state', lockTable: 'acme-locks', kmsKeyAlias: 'alias/acme-state', region: 'eu-west-1', keyPrefix: 'platform/staging', useLockfile: true },
    });
    expect(backend.s3).toEqual({
      bucket: 'acme-state',
      key: 'platform/staging/network.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:alias/acme-state',
      dynamodb_table: 'acme-locks',
      use_lockfile: true,
    });
  });
});

describe('bad state settings fail synth with a clear message', () => {
  let workDir: string;
  let outdir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'state-settings-'));
    outdir = join(workDir, 'cdktf.out');
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));
  const synth = (...inputs: EnvironmentInput[]) => () => synthesizeEnvironments(inputs.map((input) => ({ input })), outdir);

  it.each<[string, EnvironmentInput[], RegExp]>([
    ['an empty bucket name', [{ ...staging, state: { bucket: '' } }], /state\.bucket: is not a valid S3 bucket name\. Fix: /],
    ['a bucket name with capitals', [{ ...staging, state: { bucket: 'My-State' } }], /state\.bucket: is not a valid S3 bucket name\. Fix: /],
    ['a default bucket name that is too long', [{ ...staging, project: 'a-very-long-project-name-for-state' }], /state\.bucket: the default bucket name .* is not a valid S3 bucket name.*Fix: set state\.bucket/],
    [
      'two accounts sharing a bucket',
      [
        { ...staging, state: { bucket: 'shared-state' } },
        { ...staging, name: 'production', accountId: '210987654321', state: { bucket: 'shared-state' } },
      ],
      /state\.bucket: bucket 'shared-state' would hold the state of account 123456789012 \('staging'\) and of account 210987654321 \('production'\)\. Fix: give each account its own state bucket/,
    ],
    [
      'a region mismatch on a shared bucket',
      [
        { ...staging, state: { bucket: 'shared-state' } },
        { ...staging, name: 'testing', state: { bucket: 'shared-state', region: 'eu-west-1' } },
      ],
      /state\.region: 'testing' expects bucket 'shared-state' in eu-west-1, but 'staging' expects it in eu-central-1/,
    ],
    [
      'a key collision',
      [
        { ...staging, state: { keyPrefix: 'shared' } },
        { ...staging, name: 'testing', state: { keyPrefix: 'shared' } },
      ],
      /state\.keyPrefix: the network stacks of 'testing' and 'staging' would both keep their state at s3:\/\/platform-tfstate-123456789012-eu-central-1\/shared\/network\.tfstate\. Fix: give each environment sharing a bucket its own state\.keyPrefix/,
    ],
  ])('%s', (_case, inputs, message) => {
    expect(synth(...inputs)).toThrow(message);
    expect(existsSync(outdir)).toBe(false);
  });

  it('accepts environments of one account sharing its bucket under their own keys', () => {
    const development = loadEnvironment({ ...staging, name: 'development' });
    expect(() =>
      assertStateLocationsDistinct([
        { environment: loadEnvironment(staging), kind: 'network', source: 'staging' },
        { environment: development, kind: 'network', source: 'development' },
      ]),
    ).not.toThrow();
  });
});
