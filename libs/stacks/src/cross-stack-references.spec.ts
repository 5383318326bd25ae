import { loadEnvironment } from '@platform/config';
import { describeWithTerraform, formatDiagnostics, offlinePlan, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { exampleEnvironment } from '@platform/config/testing';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';

const environment = loadEnvironment(exampleEnvironment());

describe('cross-stack references', () => {
  let outdir: string;
  let consumer: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  let manifest: { stacks: Record<string, { dependencies: string[] }> };
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cross-stack-'));
    const app = new App({ outdir, stackTraces: false });
    const network = new NetworkStack(app, environment);
    // A later stack (cluster, data, observability) uses network attributes directly; cdktf wires the rest.
    const later = new PlatformStack(app, environment, 'cluster');
    new SecurityGroup(later, 'nodes', { vpcId: network.network.attributes.vpcId, description: 'nodes' });
    app.synth();
    consumer = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'staging-cluster', 'cdk.tf.json'), 'utf8'));
    manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('read the producer’s state from its exact bucket and key on the S3 backend', () => {
    expect(Object.values(consumer.data.terraform_remote_state)).toEqual([
      {
        backend: 's3',
        config: {
          bucket: 'platform-tfstate-123456789012-eu-central-1',
          key: 'staging/network.tfstate',
          region: 'eu-central-1',
          encrypt: true,
          kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:alias/platform-terraform-state',
          // No dynamodb_table: reading state takes no lock.
        },
        workspace: expect.any(String),
      },
    ]);
  });

  it('resolve the value from an output the producer gains automatically', () => {
    const [remoteState] = Object.keys(consumer.data.terraform_remote_state);
    expect(Object.values(consumer.resource.aws_security_group)[0].vpc_id).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.${remoteState}\\.outputs\\.`));
  });

  it('order deployment: the consumer depends on the network stack', () => {
    expect(manifest.stacks['staging-cluster'].dependencies).toEqual(['staging-network']);
  });

  describeWithTerraform('with real Terraform', () => {
    it(
      'let the consumer validate without warnings and plan offline against the network’s placeholder outputs',
      async () => {
        const { plan, plannedValues, validateDiagnostics } = await offlinePlan(path.join(outdir, 'stacks', 'staging-cluster'));
        expect(formatDiagnostics(validateDiagnostics)).toBe('');
        expect(plan).toMatchObject({ add: 1, change: 0, destroy: 0 });
        expect(Object.values(plannedValues)).toEqual([expect.objectContaining({ vpc_id: expect.stringMatching(/^vpc-[0-9a-f]{17}$/) })]);
      },
      TERRAFORM_TEST_TIMEOUT_MS,
    );
  });
});
