import { architectureGraph, INTERNET_NODE, StackJson } from './architecture-graph';
import { DiagramCluster, nodesOf } from './graph';

const backend = (region: string, key: string) => ({ backend: { s3: { bucket: `state-${region}`, key, region } } });
const aws = (region: string) => ({ aws: [{ region }, { alias: 'us-east-1', region: 'us-east-1' }] });
const meta = { '//': { metadata: { path: 'x' } } };
const subnet = (az: string, tier: string, cidr: string) => ({ ...meta, availability_zone: az, cidr_block: cidr, vpc_id: '${aws_vpc.vpc.id}', tags: { Tier: tier } });
const remoteState = (region: string, key: string) => ({ backend: 's3', config: { bucket: `state-${region}`, key, region } });

/** A small environment: a network, a data stack reading it, a replica in a second region, Kubernetes workloads. */
const STACKS: Record<string, StackJson> = {
  'demo-network': {
    provider: aws('eu-central-1'),
    terraform: backend('eu-central-1', 'demo/network.tfstate'),
    resource: {
      aws_vpc: { vpc: { cidr_block: '10.0.0.0/16', tags: { Name: 'demo' } } },
      aws_subnet: {
        'public-b': subnet('eu-central-1b', 'public', '10.0.2.0/24'),
        'private-a': subnet('eu-central-1a', 'private', '10.0.10.0/24'),
        'public-a': subnet('eu-central-1a', 'public', '10.0.1.0/24'),
        'private-b': subnet('eu-central-1b', 'private', '10.0.11.0/24'),
      },
      aws_nat_gateway: { 'nat-a': { subnet_id: '${aws_subnet.public-a.id}' } },
      aws_internet_gateway: { igw: {} },
      aws_iam_role: { a: {}, b: {} },
      aws_kms_key: { key: {} },
    },
  },
  'demo-data': {
    provider: aws('eu-central-1'),
    terraform: backend('eu-central-1', 'demo/data.tfstate'),
    data: {
      terraform_remote_state: {
        network: remoteState('eu-central-1', 'demo/network.tfstate'),
        elsewhere: remoteState('eu-central-1', 'other/network.tfstate'),
      },
    },
    resource: {
      aws_db_instance: { postgres: { identifier: 'demo', engine: 'postgres', engine_version: '16', instance_class: 'db.t3.medium', multi_az: true, vpc_security_group_ids: ['${data.terraform_remote_state.network.outputs.sg}'] } },
      aws_db_subnet_group: { subnets: { subnet_ids: '${data.terraform_remote_state.network.outputs.subnet_ids}', tags: { note: '${data.terraform_remote_state.network.outputs.sg}' } } },
      aws_sqs_queue: { tasks: { name: 'demo-tasks' }, dlq: { name: 'demo-tasks-dlq' }, mail: { name: 'demo-mail' } },
      aws_sqs_queue_policy: { tasks: {}, dlq: {}, mail: {} },
      aws_cloudfront_distribution: { cdn: { comment: 'demo <cdn> & "assets"' } },
      aws_lb: { internal: { name: 'demo-internal', load_balancer_type: 'application', internal: true } },
      aws_foo_bar: { thing: {} },
    },
  },
  'demo-data-eu-west-1': {
    provider: aws('eu-west-1'),
    terraform: backend('eu-west-1', 'demo/data-eu-west-1.tfstate'),
    resource: { aws_db_instance: { replica: { identifier: 'demo-euw1', instance_class: 'db.t3.medium', replicate_source_db: 'arn:aws:rds:eu-central-1:1:db:demo' } } },
  },
  'demo-workloads': {
    provider: { kubernetes: [{ host: '${data.terraform_remote_state.data.outputs.endpoint}' }] },
    terraform: backend('eu-central-1', 'demo/workloads.tfstate'),
    data: { terraform_remote_state: { data: remoteState('eu-central-1', 'demo/data.tfstate') } },
    resource: {
      helm_release: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => [name, { name: `chart-${name}` }])),
      kubernetes_deployment_v1: { api: { metadata: [{ name: 'api' }], spec: [{ replicas: 3 }] } },
      kubernetes_horizontal_pod_autoscaler_v2: { api: {} },
      kubernetes_manifest: { crd: {} },
    },
  },
};

const graph = architectureGraph('demo', STACKS);
const cluster = (id: string, within: readonly DiagramCluster[] = graph.clusters): DiagramCluster | undefined => {
  for (const candidate of within) {
    if (candidate.id === id) return candidate;
    const inner = cluster(id, candidate.clusters);
    if (inner) return inner;
  }
  return undefined;
};
const lines = (id: string) => graph.clusters.flatMap(nodesOf).find((node) => node.id === id)?.lines;

describe('architectureGraph', () => {
  it('frames each region, the primary (most stacks) first, and names stacks and resources counted in the title', () => {
    expect(graph.title).toBe('demo: 4 stacks, 32 resources in 2 regions');
    expect(graph.clusters.map(({ label }) => label)).toEqual([
      'eu-central-1 · primary region · 3 stacks, 31 resources',
      'eu-west-1 · secondary region · 1 stack, 1 resource',
    ]);
    // A stack without an AWS provider (Kubernetes) is placed by its state's region.
    expect(graph.clusters[0].clusters.map(({ label }) => label)).toEqual(['demo-data · 11 resources', 'demo-network · 10 resources', 'demo-workloads · 10 resources']);
  });

  it('draws a VPC of Availability Zones, each with its subnet tiers from the public one in, and the NAT gateway where it is', () => {
    const vpc = cluster('stack/demo-network/aws_vpc.vpc');
    expect(vpc?.label).toBe('VPC demo 10.0.0.0/16');
    expect(vpc?.clusters.map(({ label }) => label)).toEqual(['eu-central-1a', 'eu-central-1b']);
    expect(vpc?.clusters[0].nodes.map((node) => node.lines)).toEqual([
      ['public subnet', '10.0.1.0/24', 'NAT gateway'],
      ['private subnet', '10.0.10.0/24'],
    ]);
    expect(vpc?.clusters[1].nodes[0].lines).toEqual(['public subnet', '10.0.2.0/24']);
  });

  it('collapses each kind of resource into one box with its count and details, related resources counted only in the stack', () => {
    expect(lines('stack/demo-data/sqs')).toEqual(['3 SQS queues', 'demo-tasks', 'demo-tasks-dlq', 'demo-mail']);
    expect(lines('stack/demo-data/rds')).toEqual(['1 RDS instance', 'demo postgres 16 db.t3.medium Multi-AZ']);
    expect(graph.clusters.flatMap(nodesOf).filter((node) => node.lines[0].includes('polic'))).toEqual([]);
    expect(lines('stack/demo-network/security')).toEqual(['security', '1 KMS key', '2 IAM roles']);
  });

  it('caps the details of a box and sums up the rest', () => {
    expect(lines('stack/demo-workloads/helm')).toEqual(['7 Helm releases', 'chart-a', 'chart-b', 'chart-c', 'chart-d', '+3 more']);
  });

  it('counts types no group knows, and related ones without their group, in the box of other resources', () => {
    // A subnet group belongs with the route tables, which this stack has none of.
    expect(lines('stack/demo-data/other')).toEqual(['2 other resources', 'aws_foo_bar ×1', 'aws_db_subnet_group ×1']);
  });

  it('counts a deployment\'s autoscaler with the deployment, not with the other Kubernetes objects', () => {
    expect(lines('stack/demo-workloads/deployments')).toEqual(['1 deployment', 'api ×3']);
    expect(lines('stack/demo-workloads/kubernetes')).toEqual(['1 Kubernetes object']);
  });

  it('draws the internet reaching public entry points only', () => {
    expect(graph.nodes.map(({ id }) => id)).toEqual([INTERNET_NODE]);
    const reached = graph.edges.filter(({ from }) => from === INTERNET_NODE).map(({ to }) => to);
    expect(reached).toEqual(['stack/demo-data/cloudfront']);
    expect(lines('stack/demo-data/load-balancer')).toEqual(['1 load balancer', 'demo-internal application internal']);
  });

  it('draws an arrow from a stack to each stack reading its outputs, labelled with the distinct outputs read', () => {
    const crossStack = graph.edges.filter(({ kind }) => kind === 'cross-stack');
    // The remote state of a stack outside the environment has no arrow.
    expect(crossStack).toEqual([
      expect.objectContaining({ fromCluster: 'stack/demo-network', toCluster: 'stack/demo-data', label: '2 outputs' }),
      // Read by a provider (the cluster's endpoint) counts too.
      expect.objectContaining({ fromCluster: 'stack/demo-data', toCluster: 'stack/demo-workloads', label: '1 output' }),
    ]);
    // From the producer's bottom to the consumer's top, so the layers follow the order of deployment.
    expect(crossStack[0].from).toBe('stack/demo-network/security');
    expect(crossStack[0].to).toBe('stack/demo-data/cloudfront');
  });

  it('draws an arrow from a database to its replica in the secondary region', () => {
    expect(graph.edges.filter(({ kind }) => kind === 'replication')).toEqual([
      { from: 'stack/demo-data/rds', to: 'stack/demo-data-eu-west-1/rds', kind: 'replication', label: 'read replica' },
    ]);
  });

  it('is deterministic: the order stacks come in does not matter', () => {
    const reversed = Object.fromEntries(Object.entries(STACKS).reverse());
    expect(architectureGraph('demo', reversed)).toEqual(graph);
  });

  it('draws a stack without resources as a frame saying so, and no internet without public entry points', () => {
    const empty = architectureGraph('empty', { 'empty-network': { terraform: backend('eu-central-1', 'empty/network.tfstate') } });
    expect(empty.nodes).toEqual([]);
    expect(empty.clusters[0].clusters[0].nodes).toEqual([{ id: 'stack/empty-network/empty', kind: 'other', lines: ['no resources'] }]);
  });
});

describe('architectureGraph of an environment with a recovery region', () => {
  const euw1State = remoteState('eu-west-1', 'dr/recovery-eu-west-1.tfstate');
  const replica = (region: string) => ({ replica: [{ region, kms_key_id: '${data.terraform_remote_state.euw1.outputs.key}' }] });
  const dr = architectureGraph('dr', {
    'dr-cluster': {
      provider: aws('eu-central-1'),
      terraform: backend('eu-central-1', 'dr/cluster.tfstate'),
      resource: {
        aws_ecr_repository: { app: { name: 'app' } },
        aws_ecr_replication_configuration: { registry: { replication_configuration: [{ rule: [{ destination: [{ region: 'eu-west-1', registry_id: '1' }] }] }] } },
      },
    },
    'dr-data': {
      provider: aws('eu-central-1'),
      terraform: backend('eu-central-1', 'dr/data.tfstate'),
      data: { terraform_remote_state: { euw1: euw1State } },
      resource: {
        aws_s3_bucket: { storage: { bucket: 'dr-storage' } },
        aws_secretsmanager_secret: { a: { name: 'a', ...replica('eu-west-1') }, b: { name: 'b', ...replica('eu-west-1') }, local: { name: 'local' } },
      },
    },
    'dr-recovery': {
      provider: aws('eu-central-1'),
      terraform: backend('eu-central-1', 'dr/recovery.tfstate'),
      data: { terraform_remote_state: { euw1: euw1State } },
      resource: {
        aws_s3_bucket_replication_configuration: {
          storage: { bucket: 'dr-storage', rule: [{ destination: { bucket: 'arn:aws:s3:::dr-euw1-storage' } }] },
          // A destination no stack of the environment creates: the arrow ends at the secondary region's frame.
          logs: { bucket: 'dr-logs', rule: [{ destination: { bucket: 'arn:aws:s3:::bucket-made-elsewhere' } }] },
        },
        aws_backup_vault: { vault: { name: 'dr' } },
        aws_backup_plan: {
          plan: {
            name: 'dr',
            rule: [
              { rule_name: 'daily', copy_action: [{ destination_vault_arn: '${data.terraform_remote_state.euw1.outputs.vault-arn}' }] },
              { rule_name: 'weekly', copy_action: [{ destination_vault_arn: '${data.terraform_remote_state.euw1.outputs.vault-arn}' }] },
            ],
          },
        },
        aws_route53_record: {
          'api-primary': { name: 'api.example.com', type: 'CNAME', failover_routing_policy: { type: 'PRIMARY' } },
          'api-secondary': { name: 'api.example.com', type: 'CNAME', failover_routing_policy: { type: 'SECONDARY' } },
          plain: { name: 'www.example.com', type: 'CNAME' },
          // A name known only at apply gives no line, failover or not.
          computed: { name: '${aws_lb.api.dns_name}', type: 'A', failover_routing_policy: { type: 'PRIMARY' } },
        },
      },
    },
    'dr-recovery-eu-west-1': {
      provider: aws('eu-west-1'),
      terraform: backend('eu-west-1', 'dr/recovery-eu-west-1.tfstate'),
      resource: { aws_s3_bucket: { replica: { bucket: 'dr-euw1-storage' } }, aws_backup_vault: { vault: { name: 'dr-euw1' } } },
      output: { 'vault-arn': { value: '${aws_backup_vault.vault.arn}' } },
    },
  });
  const frame = { to: 'stack/dr-recovery-eu-west-1/s3', toCluster: 'region/eu-west-1' };

  it('draws what is copied to the other region, labelled by kind and counted, to the box that receives it or else the region', () => {
    expect(dr.edges.filter(({ kind }) => kind === 'replication')).toEqual([
      { from: 'stack/dr-cluster/ecr', ...frame, kind: 'replication', label: 'ECR replication' },
      // Secrets replicate to a region, not to a resource; the secret without a replica draws nothing.
      { from: 'stack/dr-data/security', ...frame, kind: 'replication', label: 'secret replica ×2' },
      // From the source bucket's box (another stack), to the destination bucket found by its ARN.
      { from: 'stack/dr-data/s3', to: 'stack/dr-recovery-eu-west-1/s3', kind: 'replication', label: 'S3 replication' },
      // A source bucket outside the environment: from the replication's own box.
      { from: 'stack/dr-recovery/backup', ...frame, kind: 'replication', label: 'S3 replication' },
      // Through the remote state to the output's resource in the producing stack; both rules share the arrow.
      { from: 'stack/dr-recovery/backup', to: 'stack/dr-recovery-eu-west-1/backup', kind: 'replication', label: 'backup copy ×2' },
    ]);
  });

  it('names the failover role of records that share a name', () => {
    expect(nodesOf(dr.clusters[0]).find(({ id }) => id === 'stack/dr-recovery/route53')?.lines).toEqual([
      '4 Route 53 records',
      'api.example.com primary',
      'api.example.com secondary',
      'www.example.com',
    ]);
  });
});
