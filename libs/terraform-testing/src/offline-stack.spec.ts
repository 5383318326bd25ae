import { PlatformAwsProvider } from '@platform/core';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, DataTerraformRemoteState, S3Backend, TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isAwsOnlyStack,
  OFFLINE_VARIABLE_PLACEHOLDER,
  offlinePlanBlockers,
  prepareOfflineStack,
  readStack,
  stackProviders,
  toOfflineStack,
  UnsupportedStackError,
  type TerraformJson,
} from './offline-stack';

const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Synthesizes a one-stack app the way `cdktf synth` does and returns the stack's directory. */
function synthStack(build: (stack: TerraformStack) => void): string {
  const outdir = mkdtempSync(join(tmpdir(), 'offline-stack-spec-'));
  cleanup.push(outdir);
  const app = new App({ outdir });
  build(new TerraformStack(app, 'sample'));
  app.synth();
  return join(outdir, 'stacks', 'sample');
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'offline-stack-spec-'));
  cleanup.push(dir);
  return dir;
}

function platformStack(stack: TerraformStack): void {
  new S3Backend(stack, { bucket: 'platform-state', key: 'sample.tfstate', region: 'eu-central-1' });
  new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: '123456789012', tags: { team: 'platform' } });
  new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
}

describe('prepareOfflineStack', () => {
  it('rewrites the copied provider and backend and leaves the synthesized stack untouched', async () => {
    const stackDir = synthStack(platformStack);
    await mkdir(join(stackDir, 'assets', 'lambda'), { recursive: true });
    await writeFile(join(stackDir, 'assets', 'lambda', 'index.js'), 'exports.handler = () => {};\n');
    await mkdir(join(stackDir, '.terraform'));
    const original = await readFile(join(stackDir, 'cdk.tf.json'), 'utf8');
    const workDir = await tempDir();

    const { config } = await prepareOfflineStack(stackDir, workDir);

    expect(await readFile(join(stackDir, 'cdk.tf.json'), 'utf8')).toBe(original);
    expect(JSON.parse(await readFile(join(workDir, 'cdk.tf.json'), 'utf8'))).toEqual(config);
    expect(config.provider?.aws).toEqual([
      {
        region: 'eu-central-1',
        default_tags: [{ tags: { team: 'platform' } }],
        access_key: expect.any(String),
        secret_key: expect.any(String),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        max_retries: 1,
      },
    ]);
    expect(config.terraform?.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(config.terraform?.required_providers).toEqual(JSON.parse(original).terraform.required_providers);
    expect(config.resource).toEqual(JSON.parse(original).resource);
    expect(await readFile(join(workDir, 'assets', 'lambda', 'index.js'), 'utf8')).toContain('handler');
    await expect(readFile(join(workDir, '.terraform'))).rejects.toThrow(/ENOENT/);
  });

  it('replaces a cloud block and keeps forbidden_account_ids', async () => {
    const stackDir = await tempDir();
    const stack: TerraformJson = {
      provider: { aws: [{ region: 'eu-west-1', forbidden_account_ids: ['210987654321'], profile: 'prod' }] },
      terraform: { cloud: { organization: 'acme', workspaces: { name: 'sample' } } },
    };
    await writeFile(join(stackDir, 'cdk.tf.json'), JSON.stringify(stack));

    const { config } = await prepareOfflineStack(stackDir, await tempDir());

    expect(config.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
    expect(config.provider?.aws).toEqual([expect.objectContaining({ forbidden_account_ids: ['210987654321'] })]);
    expect(config.provider?.aws).toEqual([expect.not.objectContaining({ profile: expect.anything() })]);
  });

  it('rejects a stack with another provider, naming it', async () => {
    const stackDir = synthStack((stack) => {
      platformStack(stack);
      new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    });

    const rejection = prepareOfflineStack(stackDir, await tempDir());

    await expect(rejection).rejects.toThrow(UnsupportedStackError);
    await expect(rejection).rejects.toThrow(/providers other than hashicorp\/aws \(hashicorp\/kubernetes\)/);
  });

  it('says which directory it expected when there is no cdk.tf.json', async () => {
    await expect(prepareOfflineStack(await tempDir(), await tempDir())).rejects.toThrow(
      /cdk\.tf\.json \(ENOENT\): pass the directory of a synthesized stack/,
    );
  });
});

describe('toOfflineStack', () => {
  it('gives a string variable without a default the placeholder, and leaves the others alone', () => {
    const stack: TerraformJson = {
      variable: { image_tag: { type: 'string' }, untyped: {}, replicas: { type: 'number' }, region: { type: 'string', default: 'eu-central-1' } },
    };
    expect(toOfflineStack(stack).variable).toEqual({
      image_tag: { type: 'string', default: OFFLINE_VARIABLE_PLACEHOLDER },
      untyped: { default: OFFLINE_VARIABLE_PLACEHOLDER },
      replicas: { type: 'number' },
      region: { type: 'string', default: 'eu-central-1' },
    });
    expect(stack.variable).toEqual({ image_tag: { type: 'string' }, untyped: {}, replicas: { type: 'number' }, region: { type: 'string', default: 'eu-central-1' } });
  });
});

describe('stackProviders', () => {
  it('collects providers from requirements, configurations, resource types and provider meta-arguments', () => {
    const stack: TerraformJson = {
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' }, k8s: { source: 'registry.terraform.io/hashicorp/kubernetes' } } },
      provider: { aws: [{ region: 'eu-central-1' }] },
      resource: {
        aws_vpc: { vpc: {} },
        random_id: { suffix: {} },
        terraform_data: { marker: {} },
        kubernetes_namespace: { apps: { provider: 'k8s.cluster' } },
      },
      data: { helm_template: { chart: {} } },
    };

    expect(stackProviders(stack)).toEqual(['hashicorp/aws', 'hashicorp/helm', 'hashicorp/kubernetes', 'hashicorp/random']);
    expect(isAwsOnlyStack(stack)).toBe(false);
  });

  it('accepts a stack that needs only the aws provider and the built-in terraform provider', () => {
    const stack: TerraformJson = {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } },
      resource: { aws_vpc: { vpc: {} }, terraform_data: { marker: {} } },
    };

    expect(stackProviders(stack)).toEqual(['hashicorp/aws']);
    expect(isAwsOnlyStack(stack)).toBe(true);
  });
});

describe('offlinePlanBlockers', () => {
  it('names the remote state a cross-stack reference reads', async () => {
    const stackDir = synthStack((stack) => {
      platformStack(stack);
      new DataTerraformRemoteState(stack, 'shared', { organization: 'acme', workspaces: { name: 'shared' } });
    });

    expect(offlinePlanBlockers(await readStack(stackDir))).toEqual([expect.stringMatching(/terraform_remote_state \(shared,/)]);
  });

  it('finds nothing in a stack that can be planned offline', () => {
    expect(offlinePlanBlockers({ provider: { aws: [{}] }, resource: { aws_vpc: { vpc: {} } } })).toEqual([]);
  });
});
