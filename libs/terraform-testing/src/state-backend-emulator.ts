import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { TerraformJson } from './offline-stack';

/**
 * The only access key s3rver knows (it rejects any other key id with InvalidAccessKeyId; it does not verify SigV4
 * signatures, so the secret is never checked). dynalite accepts any key, so both backends get this pair.
 */
const EMULATOR_ACCESS_KEY = 'S3RVER';
const EMULATOR_SECRET_KEY = 'S3RVER';

/** Where an emulator serves; all {@link emulatedBackendStack} needs. */
export interface StateBackendEndpoints {
  /** e.g. `http://127.0.0.1:41234`; buckets are addressed path-style (`<endpoint>/<bucket>/<key>`). */
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
}

/** Server-side encryption a PutObject asked for, from its `x-amz-server-side-encryption*` headers. */
export interface ObjectEncryption {
  /** `aws:kms` when terraform's backend has `encrypt = true` and a `kms_key_id`, `AES256` without the key. */
  readonly serverSideEncryption?: string;
  readonly kmsKeyId?: string;
}

/**
 * One item of a lock table with its string attributes. Terraform writes two kinds per state: the lock,
 * `{ LockID: '<bucket>/<key>', Info: '<JSON lock info>' }`, present only while a command holds the lock, and the
 * digest, `{ LockID: '<bucket>/<key>-md5', Digest: '<md5 of the state>' }`, which stays.
 */
export type LockTableItem = Readonly<Record<string, string>>;

/** An S3 (s3rver) and a DynamoDB (dynalite) emulator for terraform's S3 backend, on 127.0.0.1. */
export interface StateBackendEmulator extends StateBackendEndpoints {
  /** Creates a bucket (through the S3 API, so S3's bucket-name rules apply). */
  createBucket(name: string): Promise<void>;
  /** Creates a table the way terraform's S3 backend needs it (hash key `LockID`, a string) and waits until it is active. */
  createLockTable(name: string): Promise<void>;
  /** Writes an object through the S3 API, as `application/json` like terraform's state. */
  putObject(bucket: string, key: string, body: string): Promise<void>;
  /** An object's content, or undefined when the bucket has no such key. */
  getObject(bucket: string, key: string): Promise<string | undefined>;
  /**
   * The encryption the last successful write of `key` asked for; undefined when it was never written through the S3
   * API or was deleted since. s3rver itself ignores these headers, so this is how a test sees them.
   */
  getObjectEncryption(bucket: string, key: string): ObjectEncryption | undefined;
  /** Every key in the bucket, sorted. */
  listKeys(bucket: string): Promise<string[]>;
  getLockItems(table: string): Promise<LockTableItem[]>;
  /**
   * Closes both servers (dropping open connections, e.g. of a terraform still running after a failed test) and
   * deletes s3rver's directory. Safe to call more than once and after a failed start; later calls return the first
   * call's promise.
   */
  stop(): Promise<void>;
}

export interface StateBackendEmulatorOptions {
  /** Log every S3 request to the console (s3rver's request log); default false. */
  readonly verbose?: boolean;
}

/** The part of s3rver 3.7's API used here (the package ships no types). */
interface S3rver {
  /** Koa's request handler for the S3 API. */
  callback(): RequestListener;
  readonly store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
    getBucket(bucket: string): Promise<object | null>;
    listObjects(bucket: string, options: object): Promise<{ objects: ReadonlyArray<{ key: string }> }>;
  };
}
type S3rverConstructor = new (options: { directory: string; silent: boolean; vhostBuckets: boolean }) => S3rver;
/** dynalite 4's factory: an http.Server whose `close` also closes the (in-memory, without `path`) database. */
type Dynalite = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

/**
 * Starts s3rver and dynalite on random free ports of 127.0.0.1. The caller stops them ({@link StateBackendEmulator.stop}),
 * e.g. in `afterAll`; a start that fails half-way stops what it started. Start one per test file and give each test
 * its own bucket and lock table.
 *
 * s3rver's S3 API is wrapped to add the one thing terraform 1.11's backend needs that s3rver 3.7.1 lacks: conditional
 * writes (`If-None-Match: *`), which `use_lockfile = true` locks with. Without them a second terraform overwrites the
 * first one's `.tflock` object, then deletes it while backing out, and the first one's unlock fails.
 */
export async function startStateBackendEmulator(options: StateBackendEmulatorOptions = {}): Promise<StateBackendEmulator> {
  // Loaded here rather than at the top: every suite that imports this library would otherwise load koa, winston
  // and leveldb for nothing.
  const load = createRequire(__filename);
  const S3rverClass = load('s3rver') as S3rverConstructor;
  const dynalite = load('dynalite') as Dynalite;

  // Undone in reverse: the servers close before their directory goes.
  const cleanups: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= runAll(cleanups.slice().reverse());
    return stopping;
  };

  try {
    // s3rver 3.7 stores objects only on disk.
    const directory = await mkdtemp(join(tmpdir(), 'state-backend-s3-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const s3rver = new S3rverClass({ directory, silent: !options.verbose, vhostBuckets: false });
    const encryption = new Map<string, ObjectEncryption>();
    const s3Server = createServer(conditionalWrites(s3rver, encryption));
    const s3Endpoint = await listen(s3Server);
    cleanups.push(() => close(s3Server));

    // Tables become ACTIVE on the next tick instead of after dynalite's default 500 ms.
    const dynamodbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynamodbEndpoint = await listen(dynamodbServer);
    cleanups.push(() => close(dynamodbServer));

    const s3 = (method: string, path: string, body?: string, acceptedStatuses?: readonly number[]) =>
      s3Request(s3Endpoint, method, path, body, acceptedStatuses);
    const dynamodb = <T>(operation: string, body: object) => dynamodbRequest<T>(dynamodbEndpoint, operation, body);

    return {
      s3Endpoint,
      dynamodbEndpoint,
      async createBucket(name) {
        await s3('PUT', `/${encodeURIComponent(name)}`);
      },
      async createLockTable(name) {
        await dynamodb('CreateTable', {
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        });
        await waitUntil(`lock table ${name} to become ACTIVE`, async () => {
          const { Table } = await dynamodb<{ Table: { TableStatus: string } }>('DescribeTable', { TableName: name });
          return Table.TableStatus === 'ACTIVE';
        });
      },
      async putObject(bucket, key, body) {
        await s3('PUT', objectPath(bucket, key), body);
      },
      async getObject(bucket, key) {
        const response = await s3('GET', objectPath(bucket, key), undefined, [404]);
        return response.status === 404 ? undefined : response.body;
      },
      getObjectEncryption(bucket, key) {
        return encryption.get(`${bucket}/${key}`);
      },
      async listKeys(bucket) {
        if (!(await s3rver.store.getBucket(bucket))) {
          throw new Error(`The S3 emulator has no bucket '${bucket}': create it with createBucket first`);
        }
        const { objects } = await s3rver.store.listObjects(bucket, {});
        return objects.map((object) => object.key).sort();
      },
      async getLockItems(table) {
        const items: LockTableItem[] = [];
        let startKey: object | undefined;
        do {
          const page = await dynamodb<{ Items: DynamoDbItem[]; LastEvaluatedKey?: object }>('Scan', {
            TableName: table,
            ExclusiveStartKey: startKey,
          });
          items.push(...page.Items.map(toLockTableItem));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return items;
      },
      stop,
    };
  } catch (error) {
    try {
      await stop();
    } catch (stopError) {
      throw new AggregateError([error, stopError], 'Starting the state backend emulator failed, and so did cleaning up');
    }
    throw error;
  }
}

/** Settings that send terraform somewhere the emulator cannot answer, each with why. */
const UNEMULATED_BACKEND_SETTINGS: Readonly<Record<string, string>> = {
  assume_role: 'it calls STS, which is not emulated',
  assume_role_with_web_identity: 'it calls STS, which is not emulated',
  role_arn: 'it calls STS, which is not emulated',
  profile: 'it needs AWS config files the test machine does not have',
  shared_config_files: 'it needs AWS config files the test machine does not have',
  shared_credentials_files: 'it needs AWS config files the test machine does not have',
  endpoint: 'it is a custom S3 endpoint, which the emulator endpoint would silently replace',
  dynamodb_endpoint: 'it is a custom DynamoDB endpoint, which the emulator endpoint would silently replace',
  endpoints: 'it sets custom endpoints, which the emulator endpoints would silently replace',
};

/**
 * A copy of a synthesized stack whose S3 backend, and the S3 config of every `data.terraform_remote_state` (what
 * cdktf's cross-stack references synthesize to), point at the emulator. Only these switches are added, each needed
 * with terraform 1.11.4 (measured by leaving each out):
 * - `endpoints.s3`, `endpoints.dynamodb`: the emulator (without the DynamoDB one, locking calls AWS).
 * - `use_path_style`: otherwise the SDK asks for `<bucket>.127.0.0.1`, which does not resolve.
 * - `skip_credentials_validation`: otherwise init calls STS GetCallerIdentity.
 * - `skip_requesting_account_id`: otherwise init calls IAM GetUser/ListRoles and STS for the account id.
 * - `access_key`, `secret_key`: the pair s3rver accepts; the runner removes AWS_* variables, so there are no others.
 *
 * Not added because nothing needs them: `skip_s3_checksum` (s3rver ignores the checksum headers and stores the plain
 * body over HTTP), `skip_metadata_api_check` (explicit keys stop the credential chain before instance metadata) and
 * `skip_region_validation` (product regions are real). `kms_key_id` stays: s3rver accepts the SSE-KMS headers without
 * encrypting, and {@link StateBackendEmulator.getObjectEncryption} shows what terraform asked for.
 * Everything the product generated (bucket, key, region, encrypt, kms_key_id, dynamodb_table, use_lockfile) stays
 * as it is. The argument is not modified.
 * @throws Error when the stack has no S3 backend, or its S3 settings use something the emulator cannot serve.
 */
export function emulatedBackendStack(stack: TerraformJson, emulator: StateBackendEndpoints): TerraformJson {
  const backend = stack.terraform?.backend ?? {};
  if (!backend.s3) {
    const found = Object.keys(backend);
    throw new Error(
      `The stack has no S3 backend (terraform.backend.s3) to emulate; it has ${found.length > 0 ? `backend ${found.join(', ')}` : 'no backend block'}`,
    );
  }
  const emulated = emulatedRemoteStates(stack, emulator);
  emulated.terraform = {
    ...emulated.terraform,
    backend: { s3: withEmulatorSwitches(backend.s3, emulator, 'terraform.backend.s3') },
  };
  return emulated;
}

/**
 * A copy of the stack in which only the S3 config of every `data.terraform_remote_state` points at the emulator, with
 * the switches {@link emulatedBackendStack} adds; the stack's own backend stays as it is. For a stack that reads
 * other stacks' states from the emulator but keeps its own state elsewhere (an offline plan's local state). Remote
 * states of other backends are left alone. The argument is not modified.
 * @throws Error when a remote state's S3 config is not an object or uses something the emulator cannot serve.
 */
export function emulatedRemoteStates(stack: TerraformJson, emulator: StateBackendEndpoints): TerraformJson {
  const emulated = structuredClone(stack);
  for (const [name, remoteState] of Object.entries(emulated.data?.terraform_remote_state ?? {})) {
    if (remoteState.backend !== 's3') {
      continue;
    }
    const where = `data.terraform_remote_state.${name}`;
    if (typeof remoteState.config !== 'object' || remoteState.config === null || Array.isArray(remoteState.config)) {
      throw new Error(`${where} has a config that is not an object (${JSON.stringify(remoteState.config)}): cannot add the emulator endpoints`);
    }
    remoteState.config = withEmulatorSwitches(remoteState.config as Record<string, unknown>, emulator, `${where}.config`);
  }
  return emulated;
}

/** S3 backend settings plus the emulator switches; `where` names the settings in the error. */
function withEmulatorSwitches(settings: Record<string, unknown>, emulator: StateBackendEndpoints, where: string): Record<string, unknown> {
  const unsupported = Object.keys(settings).filter((name) => name in UNEMULATED_BACKEND_SETTINGS);
  if (unsupported.length > 0) {
    throw new Error(
      `${where} cannot use the state backend emulator: ${unsupported.map((name) => `${name} (${UNEMULATED_BACKEND_SETTINGS[name]})`).join('; ')}`,
    );
  }
  return {
    ...settings,
    endpoints: { s3: emulator.s3Endpoint, dynamodb: emulator.dynamodbEndpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    access_key: EMULATOR_ACCESS_KEY,
    secret_key: EMULATOR_SECRET_KEY,
  };
}

/**
 * Writes a minimal valid Terraform state (format version 4) with these root outputs and no resources to
 * `<bucket>/<key>`, as a producer stack's apply would, so a consumer's `terraform_remote_state` can read them
 * without applying the producer. Each output's Terraform type is derived from its value (string, number, bool, tuple,
 * object). Seed a key terraform has not written: the backend keeps an MD5 digest of the state it wrote in the lock
 * table, and reading a seeded state that contradicts it fails.
 * @throws Error for a value a Terraform output cannot hold (null, undefined, non-finite numbers, functions).
 */
export async function seedState(
  emulator: Pick<StateBackendEmulator, 'putObject'>,
  bucket: string,
  key: string,
  outputs: Record<string, unknown>,
): Promise<void> {
  const state = {
    version: 4,
    // The oldest release writing format 4: every newer terraform reads it, whereas a newer version than the reader's
    // would be refused.
    terraform_version: '1.0.0',
    serial: 1,
    lineage: randomUUID(),
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [name, { value, type: terraformType(value, `output '${name}'`) }]),
    ),
    resources: [],
  };
  await emulator.putObject(bucket, key, `${JSON.stringify(state, null, 2)}\n`);
}

/** The cty type (in state JSON notation) Terraform would give a JSON value. */
function terraformType(value: unknown, where: string): unknown {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error(`seedState: ${where} is ${value}, which Terraform cannot hold`);
      }
      return 'number';
    case 'object':
      if (value === null) {
        // Terraform removes an output whose value is null from the state instead of storing it.
        throw new Error(`seedState: ${where} is null; Terraform state holds no null outputs, leave it out`);
      }
      if (Array.isArray(value)) {
        return ['tuple', value.map((element, index) => terraformType(element, `${where}[${index}]`))];
      }
      return ['object', Object.fromEntries(Object.entries(value).map(([name, field]) => [name, terraformType(field, `${where}.${name}`)]))];
    default:
      throw new Error(`seedState: ${where} is ${typeof value}, which is not a JSON value`);
  }
}

/**
 * s3rver's handler, with writes of one object (PUT, DELETE) handled one at a time so that `If-None-Match: *` is
 * atomic: a PUT with it fails with 412 PreconditionFailed, as on S3, when the key exists. Also records the
 * encryption each successful PUT asked for.
 */
function conditionalWrites(s3rver: S3rver, encryption: Map<string, ObjectEncryption>): RequestListener {
  const handle = s3rver.callback();
  const queues = new Map<string, Promise<void>>();

  const write = async (request: IncomingMessage, response: ServerResponse, bucket: string, key: string) => {
    if (request.method === 'PUT' && request.headers['if-none-match'] === '*' && (await s3rver.store.existsObject(bucket, key))) {
      request.resume();
      sendS3Error(response, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 'If-None-Match');
      return;
    }
    handle(request, response);
    // A client that disconnects mid-write rejects this; the next write of the key must still run.
    await finished(response).catch(() => undefined);
    if (response.statusCode >= 300) {
      return;
    }
    const id = `${bucket}/${key}`;
    if (request.method === 'DELETE') {
      encryption.delete(id);
    } else {
      const serverSideEncryption = headerValue(request, 'x-amz-server-side-encryption');
      const kmsKeyId = headerValue(request, 'x-amz-server-side-encryption-aws-kms-key-id');
      encryption.set(id, { ...(serverSideEncryption && { serverSideEncryption }), ...(kmsKeyId && { kmsKeyId }) });
    }
  };

  return (request, response) => {
    const object = request.method === 'PUT' || request.method === 'DELETE' ? pathStyleObject(request.url ?? '/') : undefined;
    if (!object) {
      handle(request, response);
      return;
    }
    const id = `${object.bucket}/${object.key}`;
    const queued = (queues.get(id) ?? Promise.resolve())
      .then(() => write(request, response, object.bucket, object.key))
      .catch((error: unknown) => {
        if (!response.headersSent) {
          sendS3Error(response, 500, 'InternalError', `State backend emulator: ${(error as Error).message}`);
        }
      });
    queues.set(id, queued);
    void queued.then(() => {
      if (queues.get(id) === queued) {
        queues.delete(id);
      }
    });
  };
}

/** Bucket and key of a path-style object URL (`/<bucket>/<key>`); undefined for a bucket or service URL. */
function pathStyleObject(url: string): { bucket: string; key: string } | undefined {
  const match = /^\/([^/?]+)\/([^?]+)/.exec(url);
  return match ? { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) } : undefined;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sendS3Error(response: ServerResponse, status: number, code: string, message: string, condition?: string): void {
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>`,
    condition ? `<Condition>${condition}</Condition>` : '',
    `<RequestId>${randomUUID()}</RequestId></Error>`,
  ].join('');
  response.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
  response.end(xml);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

function objectPath(bucket: string, key: string): string {
  return `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * A SigV4-shaped Authorization header: s3rver looks up the key id in it and dynalite requires its shape, but neither
 * verifies the signature. They do require the headers a real signature covers: X-Amz-Date (both) and
 * x-amz-content-sha256 (s3rver).
 */
function fakeSigV4Headers(service: 's3' | 'dynamodb'): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const credential = `${EMULATOR_ACCESS_KEY}/${amzDate.slice(0, 8)}/us-east-1/${service}/aws4_request`;
  return {
    'X-Amz-Date': amzDate,
    'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
    Authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

async function s3Request(
  endpoint: string,
  method: string,
  path: string,
  body?: string,
  acceptedStatuses: readonly number[] = [],
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers: { ...fakeSigV4Headers('s3'), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body,
  });
  const text = await response.text();
  if (!response.ok && !acceptedStatuses.includes(response.status)) {
    throw new Error(`S3 emulator: ${method} ${path} failed with ${response.status}: ${text}`);
  }
  return { status: response.status, body: text };
}

async function dynamodbRequest<T>(endpoint: string, operation: string, body: object): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      ...fakeSigV4Headers('dynamodb'),
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `DynamoDB_20120810.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`DynamoDB emulator: ${operation} ${JSON.stringify(body)} failed with ${response.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}

/** An item in DynamoDB's JSON format, e.g. `{ LockID: { S: 'bucket/key' } }`. */
type DynamoDbItem = Record<string, Record<string, unknown>>;

function toLockTableItem(item: DynamoDbItem): LockTableItem {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => {
      const [[type, content]] = Object.entries(value);
      // Terraform writes only strings; anything else is shown as its DynamoDB JSON rather than dropped.
      return [name, type === 'S' ? String(content) : JSON.stringify(value)];
    }),
  );
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server without waiting for its keep-alive or still-running clients. */
async function close(server: Server): Promise<void> {
  if (!server.listening) {
    return;
  }
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections();
  await closed;
}

/** Runs every step in order, even after one fails, then throws the failures together. */
async function runAll(steps: ReadonlyArray<() => Promise<void>>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    await step().catch((error: unknown) => failures.push(error));
  }
  if (failures.length === 1) {
    throw failures[0];
  }
  if (failures.length > 1) {
    throw new AggregateError(failures, 'Stopping the state backend emulator failed');
  }
}
