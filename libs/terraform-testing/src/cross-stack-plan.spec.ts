import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, DataTerraformRemoteStateS3, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeholderOutputs } from './cross-stack-plan';
import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from './jest';
import { offlinePlanBlockers, prepareOfflineStack, readStack, type TerraformJson } from './offline-stack';
import { offlinePlan } from './terraform-runner';

const REGION = 'eu-central-1';
const ACCOUNT = '123456789012';
const BUCKET = `platform-tfstate-${ACCOUNT}-${REGION}`;
const hex17 = '0[0-9a-f]{16}';

describe('placeholderOutputs', () => {
  const producer: TerraformJson = {
    provider: { aws: [{ region: REGION, allowed_account_ids: ['100000000004'] }, { alias: 'us', region: 'us-east-1' }] },
    resource: {
      aws_vpc: { main: { cidr_block: '10.30.0.0/16' } },
      aws_subnet: {
        a: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.30.0.0/20' },
        b: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.30.16.0/20' },
      },
      aws_kms_key: { state: { provider: 'aws.us' } },
      aws_s3_bucket: { logs: { bucket: 'platform-logs' } },
      aws_db_subnet_group: { database: { name: 'platform-staging-database', subnet_ids: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] } },
      aws_instance: { web: {} },
    },
    output: {
      vpc_id: { value: '${aws_vpc.main.id}' },
      'cross-stack-output-aws_vpc.main.id': { value: '${aws_vpc.main.id}', sensitive: true },
      private_subnet_ids: { value: { 'eu-central-1a': '${aws_subnet.a.id}', 'eu-central-1b': '${aws_subnet.b.id}' } },
      subnet_list: { value: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] },
      vpc_arn: { value: '${aws_vpc.main.arn}' },
      key_arn: { value: '${aws_kms_key.state.arn}' },
      key_id: { value: '${aws_kms_key.state.key_id}' },
      bucket_arn: { value: '${aws_s3_bucket.logs.arn}' },
      bucket: { value: '${aws_s3_bucket.logs.bucket}' },
      db_subnet_group_name: { value: '${aws_db_subnet_group.database.name}' },
      db_subnet_ids: { value: '${aws_db_subnet_group.database.subnet_ids}' },
      subnet_cidr: { value: '${aws_subnet.a.cidr_block}' },
      subnet_vpc_id: { value: '${aws_subnet.a.vpc_id}' },
      default_security_group_id: { value: '${aws_vpc.main.default_security_group_id}' },
      vpc_cidr: { value: '10.30.0.0/16' },
      az_count: { value: 2 },
      nat_per_az: { value: true },
      instance_ip: { value: '${aws_instance.web.private_ip}' },
      joined: { value: '${join(",", aws_subnet.*.id)}' },
      template: { value: 'vpc ${aws_vpc.main.id} in $${region}' },
    },
  };

  it('replaces references, also inside maps and lists, by ids of the shape AWS gives them', () => {
    const outputs = placeholderOutputs(producer);

    expect(outputs.vpc_id).toMatch(new RegExp(`^vpc-${hex17}$`));
    expect(outputs['cross-stack-output-aws_vpc.main.id']).toBe(outputs.vpc_id);
    expect(outputs.private_subnet_ids).toEqual({
      'eu-central-1a': expect.stringMatching(new RegExp(`^subnet-${hex17}$`)),
      'eu-central-1b': expect.stringMatching(new RegExp(`^subnet-${hex17}$`)),
    });
    const subnets = outputs.private_subnet_ids as Record<string, string>;
    expect(subnets['eu-central-1a']).not.toBe(subnets['eu-central-1b']);
    expect(outputs.subnet_list).toEqual([subnets['eu-central-1a'], subnets['eu-central-1b']]);
    expect(outputs.key_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(outputs.default_security_group_id).toMatch(new RegExp(`^sg-${hex17}$`));
    expect(outputs.template).toBe(`vpc ${outputs.vpc_id} in \${region}`);
  });

  it("builds ARNs from the resource's provider region, the allowed account and the resource's id or name", () => {
    const outputs = placeholderOutputs(producer);

    expect(outputs.vpc_arn).toBe(`arn:aws:ec2:${REGION}:100000000004:vpc/${outputs.vpc_id}`);
    // The key's provider is the `us` alias, which names no allowed account: AWS's example account.
    expect(outputs.key_arn).toBe(`arn:aws:kms:us-east-1:123456789012:key/${outputs.key_id}`);
    expect(outputs.bucket_arn).toBe('arn:aws:s3:::platform-logs');
  });

  it('keeps literal values and takes attributes the producer sets from its arguments', () => {
    expect(placeholderOutputs(producer)).toMatchObject({
      vpc_cidr: '10.30.0.0/16',
      az_count: 2,
      nat_per_az: true,
      bucket: 'platform-logs',
      db_subnet_group_name: 'platform-staging-database',
      subnet_cidr: '10.30.0.0/20',
      subnet_vpc_id: placeholderOutputs(producer).vpc_id,
      db_subnet_ids: placeholderOutputs(producer).subnet_list,
    });
  });

  it('names the type and attribute of anything else, and hashes expressions it cannot evaluate', () => {
    const outputs = placeholderOutputs(producer);

    expect(outputs.instance_ip).toBe('placeholder-aws_instance-private_ip');
    expect(outputs.joined).toMatch(/^placeholder-expression-[0-9a-f]{8}$/);
  });

  it('is deterministic, from a hash of the address, and leaves the producer unmodified', () => {
    const original = structuredClone(producer);

    const outputs = placeholderOutputs(producer);

    expect(placeholderOutputs(structuredClone(producer))).toEqual(outputs);
    // The same in every run and on every machine: sha256('aws_vpc.main') starts with ec67d780682f42d7.
    expect(outputs.vpc_id).toBe('vpc-0ec67d780682f42d7');
    expect(producer).toEqual(original);
  });
});

const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A stack configured like the product's: AWS provider with an allowed account, S3 backend with KMS and lock table. */
function productStack(app: App, name: string, key: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: REGION, allowedAccountIds: [ACCOUNT] });
  new S3Backend(stack, {
    bucket: BUCKET,
    key,
    region: REGION,
    encrypt: true,
    kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/platform-terraform-state`,
    dynamodbTable: 'platform-terraform-locks',
  });
  return stack;
}

/** Synthesizes an app the way `cdktf synth` does; returns the directory holding its stack directories. */
function synthApp(build: (app: App) => void): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cross-stack-plan-spec-'));
  cleanup.push(outdir);
  const app = new App({ outdir });
  build(app);
  app.synth();
  return join(outdir, 'stacks');
}

/** A network stack (VPC and subnet) and a cluster stack whose security group is in the network's VPC. */
function networkAndCluster(app: App): void {
  const network = productStack(app, 'network', 'staging/network.tfstate');
  const vpc = new Vpc(network, 'vpc', { cidrBlock: '10.30.0.0/16' });
  new Subnet(network, 'private', { vpcId: vpc.id, cidrBlock: '10.30.0.0/20', availabilityZone: `${REGION}a` });
  const cluster = productStack(app, 'cluster', 'staging/cluster.tfstate');
  new SecurityGroup(cluster, 'nodes', { vpcId: vpc.id, description: 'cluster nodes' });
}

describe('a consumer of cross-stack references', () => {
  it('is not blocked from an offline plan, but preparing it needs an emulator serving the remote state', async () => {
    const consumerDir = join(synthApp(networkAndCluster), 'cluster');
    const workDir = await mkdtemp(join(tmpdir(), 'cross-stack-plan-spec-'));
    cleanup.push(workDir);

    expect(offlinePlanBlockers(await readStack(consumerDir))).toEqual([]);
    await expect(prepareOfflineStack(consumerDir, workDir)).rejects.toThrow(
      /reads other stacks' states from S3 \(data\.terraform_remote_state cross-stack-reference-input-network\): pass remoteStateEndpoints/,
    );
  });
});

describeWithTerraform('offlinePlan of a consumer of cross-stack references', () => {
  it(
    "plans it against the producer's placeholder outputs, served from an emulated S3 backend",
    async () => {
      const stacksDir = synthApp(networkAndCluster);

      const result = await offlinePlan(join(stacksDir, 'cluster'));

      expect(result.plan).toMatchObject({ add: 1, change: 0, destroy: 0, addresses: ['aws_security_group.nodes'] });
      const vpcId = result.plannedValues['aws_security_group.nodes'].vpc_id;
      expect(vpcId).toMatch(new RegExp(`^vpc-${hex17}$`));
      expect(Object.values(placeholderOutputs(await readStack(join(stacksDir, 'network'))))).toContain(vpcId);
      await expect(access(result.workDir)).rejects.toThrow(/ENOENT/);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it('fails naming the state and the stacks searched when no sibling stack writes it', async () => {
    const stacksDir = synthApp((app) => {
      productStack(app, 'dns', 'staging/dns.tfstate');
      const cluster = productStack(app, 'cluster', 'staging/cluster.tfstate');
      const network = new DataTerraformRemoteStateS3(cluster, 'network', { bucket: BUCKET, key: 'staging/network.tfstate', region: REGION });
      new TerraformOutput(cluster, 'vpc_id', { value: network.getString('vpc_id') });
    });

    await expect(offlinePlan(join(stacksDir, 'cluster'))).rejects.toThrow(
      `reads the state s3://${BUCKET}/staging/network.tfstate through terraform_remote_state, but no stack there has that S3 backend ` +
        `(searched the stacks in ${stacksDir}: dns)`,
    );
  });
});
