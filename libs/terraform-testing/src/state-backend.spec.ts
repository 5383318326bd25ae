import { App, DataResource, DataTerraformRemoteStateS3, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from './jest';
import { readStack, STACK_FILE, type TerraformJson } from './offline-stack';
import {
  emulatedBackendStack,
  seedState,
  startStateBackendEmulator,
  type LockTableItem,
  type StateBackendEmulator,
} from './state-backend-emulator';
import { runTerraformCommand, type TerraformCommandOutput } from './terraform-runner';

const REGION = 'eu-central-1';
const KMS_KEY_ID = 'arn:aws:kms:eu-central-1:123456789012:alias/platform-terraform-state';
const NETWORK_KEY = 'staging/staging-network.tfstate';
const ENDPOINTS = { s3Endpoint: 'http://127.0.0.1:4569', dynamodbEndpoint: 'http://127.0.0.1:4570' };
const EMULATOR_SWITCHES = {
  endpoints: { s3: ENDPOINTS.s3Endpoint, dynamodb: ENDPOINTS.dynamodbEndpoint },
  use_path_style: true,
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  access_key: expect.any(String),
  secret_key: expect.any(String),
};

/** The backend block the product generates for the staging network stack (see the issue). */
const PRODUCT_BACKEND = {
  bucket: 'platform-terraform-state',
  key: NETWORK_KEY,
  region: REGION,
  encrypt: true,
  kms_key_id: KMS_KEY_ID,
  dynamodb_table: 'platform-terraform-locks',
  use_lockfile: true,
};

describe('emulatedBackendStack', () => {
  it('adds only the emulator switches to the S3 backend and to S3 remote states, and leaves the argument alone', () => {
    const stack: TerraformJson = {
      terraform: { backend: { s3: { ...PRODUCT_BACKEND } }, required_providers: { aws: { source: 'hashicorp/aws' } } },
      data: {
        terraform_remote_state: {
          network: { backend: 's3', config: { bucket: 'platform-terraform-state', key: NETWORK_KEY, region: REGION }, workspace: '${terraform.workspace}' },
          legacy: { backend: 'local', config: { path: '../legacy/terraform.tfstate' } },
        },
      },
      resource: { terraform_data: { vpc: { input: 'vpc' } } },
    };
    const original = structuredClone(stack);

    const emulated = emulatedBackendStack(stack, ENDPOINTS);

    expect(stack).toEqual(original);
    expect(emulated).toEqual({
      ...original,
      terraform: { ...original.terraform, backend: { s3: { ...PRODUCT_BACKEND, ...EMULATOR_SWITCHES } } },
      data: {
        terraform_remote_state: {
          network: { ...original.data?.terraform_remote_state.network, config: { bucket: 'platform-terraform-state', key: NETWORK_KEY, region: REGION, ...EMULATOR_SWITCHES } },
          legacy: original.data?.terraform_remote_state.legacy,
        },
      },
    });
  });

  it('rejects a stack without an S3 backend, naming the backend it has', () => {
    expect(() => emulatedBackendStack({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }, ENDPOINTS)).toThrow(
      'The stack has no S3 backend (terraform.backend.s3) to emulate; it has backend local',
    );
  });

  it('rejects settings the emulator cannot serve instead of overriding them', () => {
    const stack: TerraformJson = {
      terraform: { backend: { s3: { ...PRODUCT_BACKEND, assume_role: { role_arn: 'arn:aws:iam::123456789012:role/terraform' } } } },
    };

    expect(() => emulatedBackendStack(stack, ENDPOINTS)).toThrow(
      'terraform.backend.s3 cannot use the state backend emulator: assume_role (it calls STS, which is not emulated)',
    );
  });
});

describe('seedState', () => {
  it('writes a version 4 state whose output types Terraform can read', async () => {
    const written: string[] = [];

    await seedState({ putObject: async (bucket, key, body) => void written.push(`${bucket}/${key}`, body) }, 'b', 'k.tfstate', {
      vpc_id: 'vpc-1',
      subnet_ids: ['subnet-a', 'subnet-b'],
      cidr: { block: '10.30.0.0/16', size: 16, primary: true },
    });

    expect(written[0]).toBe('b/k.tfstate');
    expect(JSON.parse(written[1])).toEqual({
      version: 4,
      terraform_version: expect.any(String),
      serial: 1,
      lineage: expect.stringMatching(/^[0-9a-f-]{36}$/),
      outputs: {
        vpc_id: { value: 'vpc-1', type: 'string' },
        subnet_ids: { value: ['subnet-a', 'subnet-b'], type: ['tuple', ['string', 'string']] },
        cidr: { value: { block: '10.30.0.0/16', size: 16, primary: true }, type: ['object', { block: 'string', size: 'number', primary: 'bool' }] },
      },
      resources: [],
    });
  });

  it('rejects a null output, which Terraform would not store', async () => {
    await expect(seedState({ putObject: async () => undefined }, 'b', 'k', { tags: { team: null } })).rejects.toThrow(
      "seedState: output 'tags'.team is null; Terraform state holds no null outputs, leave it out",
    );
  });
});

describe('startStateBackendEmulator', () => {
  it('refuses a conditional write (If-None-Match: *) of an existing key with 412, as S3 does, and stops idempotently', async () => {
    const emulator = await startStateBackendEmulator();
    try {
      await emulator.createBucket('locks');
      const conditionalPut = (key: string, body: string) =>
        fetch(`${emulator.s3Endpoint}/locks/${key}`, { method: 'PUT', headers: { 'If-None-Match': '*' }, body });

      const created = await conditionalPut('state.tflock', 'first');
      const refused = await conditionalPut('state.tflock', 'second');

      expect(created.status).toBe(200);
      expect({ status: refused.status, body: await refused.text() }).toEqual({
        status: 412,
        body: expect.stringContaining('<Code>PreconditionFailed</Code>'),
      });
      expect(await emulator.getObject('locks', 'state.tflock')).toBe('first');
    } finally {
      await Promise.all([emulator.stop(), emulator.stop()]);
    }
    await expect(fetch(emulator.s3Endpoint)).rejects.toThrow();
    await expect(fetch(emulator.dynamodbEndpoint)).rejects.toThrow();
  });
});

/** The parts of a state file these tests read. */
interface TerraformState {
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, { readonly value: unknown }>;
  readonly resources: ReadonlyArray<{ readonly type: string; readonly name: string; readonly instances: ReadonlyArray<{ readonly attributes: Record<string, unknown> }> }>;
}

/** A fresh bucket and lock table per test: tests run concurrently against one emulator. */
interface TestBackend {
  readonly bucket: string;
  readonly table: string;
}

interface NetworkStackOptions {
  readonly key?: string;
  readonly useLockfile?: boolean;
  /**
   * Adds a resource whose local-exec provisioner waits until this file exists (at most {@link HOLD_LOCK_MAX_SECONDS}),
   * so the apply holds the state lock until the test has seen what it needs: no fixed sleep that a busy machine can
   * outlast.
   */
  readonly holdLockUntil?: string;
}

/**
 * How long a lock holder waits for its release file at most: less than a test's timeout, so a test that times out
 * before releasing it (its `finally` never runs) leaves no apply running past the suite.
 */
const HOLD_LOCK_MAX_SECONDS = Math.floor(TERRAFORM_TEST_TIMEOUT_MS / 1000) - 15;

describeWithTerraform('S3 state backend against emulated S3 and DynamoDB', () => {
  let emulator: StateBackendEmulator;
  const tempDirs: string[] = [];
  let backendCount = 0;

  beforeAll(async () => {
    emulator = await startStateBackendEmulator();
  });
  afterAll(async () => {
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await emulator?.stop();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'state-backend-spec-'));
    tempDirs.push(dir);
    return dir;
  }

  async function freshBackend(): Promise<TestBackend> {
    backendCount += 1;
    const backend = { bucket: `platform-terraform-state-${backendCount}`, table: `platform-terraform-locks-${backendCount}` };
    await Promise.all([emulator.createBucket(backend.bucket), emulator.createLockTable(backend.table)]);
    return backend;
  }

  /** The backend the product generates, in the test's bucket and table. */
  function productBackend(stack: TerraformStack, { bucket, table }: TestBackend, key: string, useLockfile = false): void {
    const backend = new S3Backend(stack, { bucket, key, region: REGION, encrypt: true, kmsKeyId: KMS_KEY_ID, dynamodbTable: table });
    if (useLockfile) {
      // cdktf 0.21's S3BackendConfig has no useLockfile yet.
      backend.addOverride('use_lockfile', true);
    }
  }

  /** A stack of a few terraform_data resources standing in for the network; `vpc` is exposed for references. */
  function networkStack(app: App, name: string, backend: TestBackend, options: NetworkStackOptions = {}): { vpc: DataResource } {
    const stack = new TerraformStack(app, name);
    productBackend(stack, backend, options.key ?? NETWORK_KEY, options.useLockfile);
    const vpc = new DataResource(stack, 'vpc', { input: { cidr: '10.30.0.0/16' } });
    for (const zone of ['a', 'b']) {
      new DataResource(stack, `subnet-${zone}`, { input: { zone: `eu-central-1${zone}`, vpc: vpc.id } });
    }
    if (options.holdLockUntil !== undefined) {
      const waitForRelease = `for _ in $(seq ${HOLD_LOCK_MAX_SECONDS * 10}); do [ -e '${options.holdLockUntil}' ] && exit 0; sleep 0.1; done; exit 1`;
      new DataResource(stack, 'slow', { provisioners: [{ type: 'local-exec', command: waitForRelease }] });
    }
    new TerraformOutput(stack, 'vpc_id', { value: vpc.id });
    return { vpc };
  }

  /** Synthesizes an app the way `cdktf synth` does and returns each stack's JSON by stack name. */
  async function synthApp(build: (app: App) => void): Promise<Record<string, TerraformJson>> {
    const outdir = await tempDir();
    const app = new App({ outdir });
    build(app);
    app.synth();
    const names = app.node.children.filter((child) => child instanceof TerraformStack).map((stack) => stack.node.id);
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readStack(join(outdir, 'stacks', name))])));
  }

  /** A work dir holding the stack with the emulator switches, after `terraform init` against the emulator. */
  async function initStack(stack: TerraformJson): Promise<string> {
    const workDir = await tempDir();
    await writeFile(join(workDir, STACK_FILE), `${JSON.stringify(emulatedBackendStack(stack, emulator), null, 2)}\n`);
    await runTerraformCommand(workDir, ['init', '-input=false', '-no-color']);
    return workDir;
  }

  /** `-lock-timeout=0s`: a held lock fails the apply at once instead of being waited for. */
  function apply(workDir: string, options: { allowFailure?: boolean; outsideSlots?: boolean } = {}): Promise<TerraformCommandOutput> {
    return runTerraformCommand(workDir, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s'], options);
  }

  /** Output values of a `terraform plan` of the stack in `workDir`, from `terraform show -json` of the plan. */
  async function plannedOutputs(workDir: string): Promise<Record<string, unknown>> {
    await runTerraformCommand(workDir, ['plan', '-out=tfplan', '-input=false', '-no-color']);
    const shown = await runTerraformCommand(workDir, ['show', '-json', '-no-color', 'tfplan']);
    const plan = JSON.parse(shown.stdout) as { planned_values: { outputs?: Record<string, { value: unknown }> } };
    return Object.fromEntries(Object.entries(plan.planned_values.outputs ?? {}).map(([name, output]) => [name, output.value]));
  }

  async function readState({ bucket }: TestBackend, key: string): Promise<{ text: string; state: TerraformState }> {
    const text = await emulator.getObject(bucket, key);
    if (text === undefined) {
      throw new Error(`No state at ${bucket}/${key}; the bucket holds: ${(await emulator.listKeys(bucket)).join(', ') || 'nothing'}`);
    }
    return { text, state: JSON.parse(text) as TerraformState };
  }

  const addresses = (state: TerraformState) => state.resources.map(({ type, name }) => `${type}.${name}`).sort();
  const lockItem = async ({ table }: TestBackend, lockId: string) =>
    (await emulator.getLockItems(table)).find((item) => item.LockID === lockId);

  /** Polls the lock table until `lockId` is locked; fails with terraform's output if `holder` ends first. */
  async function waitForLock(backend: TestBackend, lockId: string, holder: Promise<TerraformCommandOutput>): Promise<LockTableItem> {
    let finished: TerraformCommandOutput | undefined;
    void holder.then((output) => (finished = output));
    for (;;) {
      const item = await lockItem(backend, lockId);
      if (item) {
        return item;
      }
      if (finished) {
        throw new Error(`terraform ended (exit ${finished.exitCode}) before ${lockId} was locked:\n${finished.stderr || finished.stdout}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Runs `observe` while the lock holders wait, then lets them finish (also when `observe` fails). */
  async function whileHeld<T>(release: string, observe: () => Promise<T>): Promise<T> {
    try {
      return await observe();
    } finally {
      await writeFile(release, '');
    }
  }

  function expectSuccess(output: TerraformCommandOutput): void {
    if (output.exitCode !== 0) {
      throw new Error(`terraform exited with ${output.exitCode}:\n${output.stderr || output.stdout}`);
    }
  }

  // Every test has its own bucket and table, so all run concurrently; the lock tests, whose holders wait for the test, first.
  it.concurrent.each([
    { locking: 'DynamoDB', useLockfile: false },
    { locking: 'DynamoDB and an S3 lock file (use_lockfile)', useLockfile: true },
  ])(
    'refuses a second apply while the first holds the lock ($locking), then keeps the first apply and releases the lock',
    async ({ useLockfile }) => {
      const backend = await freshBackend();
      const release = join(await tempDir(), 'release');
      const stacks = await synthApp((app) => networkStack(app, 'staging-network', backend, { useLockfile, holdLockUntil: release }));
      const [firstDir, secondDir] = await Promise.all([initStack(stacks['staging-network']), initStack(stacks['staging-network'])]);
      const lockId = `${backend.bucket}/${NETWORK_KEY}`;

      const first = apply(firstDir, { allowFailure: true, outsideSlots: true });
      const { lock, second, stillLocked, keysWhileLocked } = await whileHeld(release, async () => {
        const held = await waitForLock(backend, lockId, first);
        return { lock: held, second: await apply(secondDir, { allowFailure: true }), stillLocked: await lockItem(backend, lockId), keysWhileLocked: await emulator.listKeys(backend.bucket) };
      });
      const firstOutput = await first;

      expect(second.exitCode).not.toBe(0);
      expect(second.stderr).toContain('Error acquiring the state lock');
      // It names the holder's lock, and failed while the first apply was still running with the lock.
      expect(second.stderr).toContain((JSON.parse(lock.Info) as { ID: string }).ID);
      expect(stillLocked).toEqual(lock);
      // The S3 lock file exists exactly when use_lockfile is on.
      expect({ lockFileWhileLocked: keysWhileLocked.includes(`${NETWORK_KEY}.tflock`) }).toEqual({ lockFileWhileLocked: useLockfile });
      expectSuccess(firstOutput);
      const { state } = await readState(backend, NETWORK_KEY);
      expect(addresses(state)).toEqual(['terraform_data.slow', 'terraform_data.subnet-a', 'terraform_data.subnet-b', 'terraform_data.vpc']);
      // Only the digest is left: no lock item, no lock file.
      expect((await emulator.getLockItems(backend.table)).map((item) => item.LockID)).toEqual([`${lockId}-md5`]);
      expect(await emulator.listKeys(backend.bucket)).toEqual([NETWORK_KEY]);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'stores the applied state at exactly the configured key, asks for SSE-KMS with the configured key, and keeps its digest',
    async () => {
      const backend = await freshBackend();
      const stacks = await synthApp((app) => networkStack(app, 'staging-network', backend));
      const workDir = await initStack(stacks['staging-network']);

      expectSuccess(await apply(workDir));

      expect(await emulator.listKeys(backend.bucket)).toEqual([NETWORK_KEY]);
      const { text, state } = await readState(backend, NETWORK_KEY);
      expect(addresses(state)).toEqual(['terraform_data.subnet-a', 'terraform_data.subnet-b', 'terraform_data.vpc']);
      expect(state.outputs.vpc_id.value).toBe(state.resources.find(({ name }) => name === 'vpc')?.instances[0].attributes.id);
      expect(emulator.getObjectEncryption(backend.bucket, NETWORK_KEY)).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: KMS_KEY_ID });
      expect(await emulator.getLockItems(backend.table)).toEqual([
        { LockID: `${backend.bucket}/${NETWORK_KEY}-md5`, Digest: createHash('md5').update(text).digest('hex') },
      ]);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'applies two stacks with different keys at the same time, each holding its own lock',
    async () => {
      const backend = await freshBackend();
      const dataKey = 'staging/staging-data.tfstate';
      const release = join(await tempDir(), 'release');
      const stacks = await synthApp((app) => {
        networkStack(app, 'staging-network', backend, { holdLockUntil: release });
        networkStack(app, 'staging-data', backend, { key: dataKey, holdLockUntil: release });
      });
      const workDirs = await Promise.all([initStack(stacks['staging-network']), initStack(stacks['staging-data'])]);

      const applies = workDirs.map((workDir) => apply(workDir, { allowFailure: true, outsideSlots: true }));
      // Both locks held at once: the applies overlapped, and neither waited (-lock-timeout=0s) nor failed.
      await whileHeld(release, () =>
        Promise.all([waitForLock(backend, `${backend.bucket}/${NETWORK_KEY}`, applies[0]), waitForLock(backend, `${backend.bucket}/${dataKey}`, applies[1])]),
      );
      (await Promise.all(applies)).forEach(expectSuccess);

      expect(await emulator.listKeys(backend.bucket)).toEqual([dataKey, NETWORK_KEY]);
      for (const key of [NETWORK_KEY, dataKey]) {
        expect(addresses((await readState(backend, key)).state)).toContain('terraform_data.vpc');
      }
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'plans no changes for an applied stack, and re-applying it writes no new state',
    async () => {
      const backend = await freshBackend();
      const stacks = await synthApp((app) => networkStack(app, 'staging-network', backend));
      const workDir = await initStack(stacks['staging-network']);
      expectSuccess(await apply(workDir));
      const before = (await readState(backend, NETWORK_KEY)).state;

      const reapplied = await apply(workDir);
      const plan = await runTerraformCommand(workDir, ['plan', '-detailed-exitcode', '-input=false', '-no-color'], { allowFailure: true });

      expect(reapplied.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 0 destroyed.');
      // -detailed-exitcode: 0 = no changes, 2 = changes, 1 = error.
      expect({ exitCode: plan.exitCode, stderr: plan.stderr }).toEqual({ exitCode: 0, stderr: '' });
      const after = (await readState(backend, NETWORK_KEY)).state;
      expect({ serial: after.serial, lineage: after.lineage }).toEqual({ serial: before.serial, lineage: before.lineage });
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    "plans a consumer stack with a producer's output read from the emulated bucket (cdktf cross-stack reference)",
    async () => {
      const backend = await freshBackend();
      const stacks = await synthApp((app) => {
        const { vpc } = networkStack(app, 'staging-network', backend);
        const consumer = new TerraformStack(app, 'staging-app');
        productBackend(consumer, backend, 'staging/staging-app.tfstate');
        new TerraformOutput(consumer, 'network_vpc_id', { value: vpc.id });
      });
      expect(Object.values(stacks['staging-app'].data?.terraform_remote_state ?? {})).toEqual([
        expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket: backend.bucket, key: NETWORK_KEY }) }),
      ]);
      const [producerDir, consumerDir] = await Promise.all([initStack(stacks['staging-network']), initStack(stacks['staging-app'])]);
      expectSuccess(await apply(producerDir));
      const { state } = await readState(backend, NETWORK_KEY);

      const outputs = await plannedOutputs(consumerDir);

      expect(outputs).toEqual({ network_vpc_id: state.outputs.vpc_id.value });
      expect(outputs.network_vpc_id).toMatch(/^[0-9a-f-]{36}$/);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'plans a consumer stack against a seeded producer state, without applying the producer',
    async () => {
      const backend = await freshBackend();
      const seeded = { vpc_id: 'vpc-0a1b2c3d', private_subnet_ids: ['subnet-0a', 'subnet-0b'], vpc: { cidr: '10.30.0.0/16', az_count: 2 } };
      await seedState(emulator, backend.bucket, NETWORK_KEY, seeded);
      const stacks = await synthApp((app) => {
        const consumer = new TerraformStack(app, 'staging-app');
        productBackend(consumer, backend, 'staging/staging-app.tfstate');
        const network = new DataTerraformRemoteStateS3(consumer, 'network', { bucket: backend.bucket, key: NETWORK_KEY, region: REGION });
        new TerraformOutput(consumer, 'vpc_id', { value: network.getString('vpc_id') });
        new TerraformOutput(consumer, 'private_subnet_ids', { value: network.getList('private_subnet_ids') });
        new TerraformOutput(consumer, 'vpc', { value: network.get('vpc') });
      });
      const consumerDir = await initStack(stacks['staging-app']);

      expect(await plannedOutputs(consumerDir)).toEqual(seeded);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});
