import { estimateMonthlyCost, type TerraformResource } from './estimate-monthly-cost';
import { GLOBAL_PRICES, HOURS_PER_MONTH, REGION_PRICES } from './price-table';

const REGION = 'eu-central-1';
const resource = (type: string, name: string, values: Record<string, unknown>, region: string | undefined = REGION): TerraformResource => ({ address: `${type}.${name}`, type, values, region });

/** The known small stack of the hand computation below. */
const SMALL_STACK: TerraformResource[] = [
  resource('aws_nat_gateway', 'nat', { allocation_id: '${aws_eip.nat.allocation_id}', subnet_id: '${aws_subnet.public_a.id}' }),
  resource('aws_db_instance', 'postgres', { engine: 'postgres', instance_class: 'db.t3.medium', multi_az: true, allocated_storage: 100, storage_type: 'gp3' }),
  resource('aws_ecs_task_definition', 'api', { family: 'api', cpu: '1024', memory: '2048', requires_compatibilities: ['FARGATE'] }),
  resource('aws_ecs_service', 'api', { name: 'api', launch_type: 'FARGATE', desired_count: 2, task_definition: '${aws_ecs_task_definition.api.arn}' }),
  resource('aws_appautoscaling_target', 'api', {
    resource_id: 'service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}',
    scalable_dimension: 'ecs:service:DesiredCount',
    min_capacity: 1,
    max_capacity: 4,
  }),
  resource('aws_lb', 'alb', { load_balancer_type: 'application', internal: false, subnets: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}'] }),
  ...['cpu', 'memory', 'errors'].map((name) => resource('aws_cloudwatch_metric_alarm', name, { period: 300, metric_name: name })),
  ...['data', 'logs'].map((name) => resource('aws_kms_key', name, { enable_key_rotation: true })),
];

describe('estimateMonthlyCost', () => {
  describe('a known small stack', () => {
    const estimate = estimateMonthlyCost(SMALL_STACK);
    const monthly = (address: string, unit: string) =>
      estimate.lineItems.filter((item) => item.address === address && item.unit === unit).reduce((sum, item) => sum + item.monthlyUsd, 0);

    it('uses the price table figures the hand computation is written with', () => {
      // If the table is refreshed, redo the arithmetic below with its new figures.
      const prices = REGION_PRICES[REGION];
      expect(HOURS_PER_MONTH).toBe(730);
      expect(prices.natGatewayHour).toBe(0.052);
      expect(prices.rdsInstanceHour.postgres['db.t3.medium']).toBe(0.082);
      expect(prices.rdsStorageGbMonth.gp3).toBe(0.133);
      expect(prices.fargate.X86_64).toEqual({ vcpuHour: 0.04656, gbHour: 0.00511 });
      expect(prices.albHour).toBe(0.027);
      expect(GLOBAL_PRICES.publicIpv4Hour).toBe(0.005);
      expect(GLOBAL_PRICES.cloudwatchAlarmMetricMonth).toBe(0.1);
      expect(GLOBAL_PRICES.kmsKeyMonth).toBe(1);
    });

    it.each([
      // NAT gateway: 0.052 × 730 = 37.96
      ['aws_nat_gateway.nat', 'hours', 37.96],
      // RDS db.t3.medium Multi-AZ: 0.082 × 730 × 2 = 119.72
      ['aws_db_instance.postgres', 'instance-hours', 119.72],
      // RDS 100 GB gp3 Multi-AZ: 100 × 2 × 0.133 = 26.60
      ['aws_db_instance.postgres', 'GB-months', 26.6],
      // Fargate vCPU: 2 tasks × 1 vCPU × 730 × 0.04656 = 67.9776
      ['aws_ecs_service.api', 'vCPU-hours', 67.9776],
      // Fargate memory: 2 tasks × 2 GB × 730 × 0.00511 = 14.9212
      ['aws_ecs_service.api', 'GB-hours', 14.9212],
      // ALB: 0.027 × 730 = 19.71
      ['aws_lb.alb', 'hours', 19.71],
      // its public IPv4 addresses, one per subnet: 2 × 730 × 0.005 = 7.30
      ['aws_lb.alb', 'address-hours', 7.3],
      // alarms: 0.10 each
      ['aws_cloudwatch_metric_alarm.cpu', 'alarm-metric-months', 0.1],
      // KMS keys: 1.00 each
      ['aws_kms_key.data', 'key-months', 1],
    ])('prices %s (%s) at $%d a month', (address, unit, expected) => {
      expect(monthly(address, unit)).toBeCloseTo(expected, 6);
    });

    it('totals the hand computation', () => {
      // 37.96 + 119.72 + 26.60 + 67.9776 + 14.9212 + 19.71 + 7.30 + 3 × 0.10 + 2 × 1.00 = 296.4888
      expect(estimate.totalMonthlyUsd).toBeCloseTo(296.4888, 6);
      expect(estimate.lineItems.every((item) => item.monthlyUsd === item.quantity * item.unitPriceUsd)).toBe(true);
    });

    it('describes what is priced and what is left out', () => {
      const description = (address: string, unit: string) => estimate.lineItems.find((item) => item.address === address && item.unit === unit)?.description;
      expect(description('aws_db_instance.postgres', 'instance-hours')).toBe('db.t3.medium Multi-AZ PostgreSQL, 730 h × 2 (standby)');
      expect(description('aws_db_instance.postgres', 'GB-months')).toMatch(/^100 GB gp3 × 2 \(Multi-AZ\).*backups beyond the free allowance .*not priced/);
      expect(description('aws_ecs_service.api', 'vCPU-hours')).toBe('2 tasks × 1 vCPU / 2 GB Fargate x86, 730 h; autoscaling 1–4 tasks: desired count priced: vCPU');
      expect(description('aws_lb.alb', 'hours')).toMatch(/LCUs not priced/);
      expect(description('aws_nat_gateway.nat', 'hours')).toMatch(/data processed per GB not priced/);
    });

    it('lists the biggest item first and leaves free resources out of every list', () => {
      expect(estimate.lineItems[0].address).toBe('aws_db_instance.postgres');
      expect(estimate.lineItems.map((item) => item.type)).not.toContain('aws_ecs_task_definition');
      expect(estimate.notPriced).toEqual([]);
    });
  });

  describe('resources it cannot price', () => {
    it('lists unknown resource types as not priced, one entry per type with the count', () => {
      const estimate = estimateMonthlyCost([resource('aws_memorydb_cluster', 'a', {}), resource('aws_memorydb_cluster', 'b', {}), resource('aws_kms_key', 'k', {})]);
      expect(estimate.notPriced).toEqual([{ type: 'aws_memorydb_cluster', count: 2, reason: 'no price rule for this resource type' }]);
      expect(estimate.totalMonthlyUsd).toBe(1);
    });

    it('lists traffic- and usage-priced resources with what drives their cost', () => {
      const estimate = estimateMonthlyCost([resource('aws_cloudfront_distribution', 'cdn', {}), resource('aws_s3_bucket', 'assets', {}), resource('aws_sqs_queue', 'jobs', {})]);
      expect(estimate.notPriced.map(({ type, reason }) => `${type}: ${reason}`)).toEqual([
        'aws_cloudfront_distribution: traffic-priced: data transfer out, HTTP(S) requests',
        'aws_s3_bucket: usage-priced: storage volume and requests unknown',
        'aws_sqs_queue: request-priced: requests',
      ]);
    });

    it('groups in-cluster resources by provider', () => {
      const estimate = estimateMonthlyCost([resource('kubernetes_deployment_v1', 'api', {}, undefined), resource('kubernetes_service_v1', 'api', {}, undefined), resource('helm_release', 'nginx', {}, undefined)]);
      expect(estimate.notPriced.map(({ type, count }) => [type, count])).toEqual([
        ['helm_*', 1],
        ['kubernetes_*', 2],
      ]);
    });

    it('lists a resource in a region outside the price table, and one whose size the table lacks', () => {
      const estimate = estimateMonthlyCost([
        resource('aws_nat_gateway', 'nat', {}, 'ap-south-1'),
        resource('aws_db_instance', 'big', { engine: 'postgres', instance_class: 'db.x2g.16xlarge', allocated_storage: 10 }),
      ]);
      expect(estimate.lineItems).toEqual([]);
      expect(estimate.notPriced).toEqual([
        { type: 'aws_db_instance', count: 1, reason: "RDS postgres instance class 'db.x2g.16xlarge' is not in the price table" },
        { type: 'aws_nat_gateway', count: 1, reason: "region 'ap-south-1' is not in the price table (eu-central-1, us-east-1, eu-west-1)" },
      ]);
    });

    it('lists an ECS service whose task definition it cannot find', () => {
      const estimate = estimateMonthlyCost([resource('aws_ecs_service', 'api', { launch_type: 'FARGATE', desired_count: 2, task_definition: '${aws_ecs_task_definition.gone.arn}' })]);
      expect(estimate.notPriced[0].reason).toMatch(/task definition .* was not found/);
    });
  });

  describe('price rules', () => {
    const items = (...resources: TerraformResource[]) => estimateMonthlyCost(resources).lineItems;

    it("prices a node group's desired size, its launch template's disks, and a Spot group at on-demand as an upper bound", () => {
      const lineItems = items(
        resource('aws_launch_template', 'nodes', { block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3' } }] }),
        resource('aws_eks_node_group', 'general', {
          capacity_type: 'SPOT',
          instance_types: ['t3.large'],
          scaling_config: { desired_size: 3, min_size: 2, max_size: 6 },
          launch_template: { id: '${aws_launch_template.nodes.id}', version: '${aws_launch_template.nodes.latest_version}' },
        }),
      );
      // 3 × 0.096 × 730 = 210.24; 3 × 50 GB × 0.0952 = 14.28
      expect(lineItems.map((item) => [item.unit, item.monthlyUsd.toFixed(2)])).toEqual([
        ['instance-hours', '210.24'],
        ['GB-months', '14.28'],
      ]);
      expect(lineItems[0].description).toBe('3 × t3.large Spot (priced at on-demand: an upper bound) (min 2, max 6; desired size priced), 730 h');
    });

    it('prices interface endpoints per subnet and gateway endpoints at nothing', () => {
      const lineItems = items(
        resource('aws_vpc_endpoint', 'sts', { vpc_endpoint_type: 'Interface', service_name: 'com.amazonaws.eu-central-1.sts', subnet_ids: ['a', 'b', 'c'] }),
        resource('aws_vpc_endpoint', 's3', { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-central-1.s3' }),
      );
      // 3 AZs × 730 × 0.012 = 26.28
      expect(lineItems).toHaveLength(1);
      expect(lineItems[0].monthlyUsd).toBeCloseTo(26.28, 6);
    });

    it('prices an alarm per metric, at the high-resolution price under 60 s', () => {
      const lineItems = items(
        resource('aws_cloudwatch_metric_alarm', 'ratio', { metric_query: [{ id: 'e', expression: 'a/b' }, { id: 'a', metric: { period: 60 } }, { id: 'b', metric: { period: 60 } }] }),
        resource('aws_cloudwatch_metric_alarm', 'fast', { period: 10 }),
      );
      expect(lineItems.map((item) => [item.address, item.quantity, item.unitPriceUsd])).toEqual([
        ['aws_cloudwatch_metric_alarm.fast', 1, 0.3],
        ['aws_cloudwatch_metric_alarm.ratio', 2, 0.1],
      ]);
    });

    it('prices a WAF web ACL and each of its rules, ElastiCache per node, OpenSearch nodes and their volumes', () => {
      const lineItems = items(
        resource('aws_wafv2_web_acl', 'cdn', { rule: [{ name: 'a' }, { name: 'b' }] }, 'us-east-1'),
        resource('aws_elasticache_replication_group', 'redis', { node_type: 'cache.t3.micro', num_cache_clusters: 2 }),
        resource('aws_opensearch_domain', 'search', { cluster_config: { instance_type: 'r6g.large.search', instance_count: 2 }, ebs_options: { ebs_enabled: true, volume_size: 100, volume_type: 'gp3' } }),
      );
      const byUnit = Object.fromEntries(lineItems.map((item) => [`${item.type} ${item.unit}`, Number(item.monthlyUsd.toFixed(4))]));
      expect(byUnit).toEqual({
        'aws_wafv2_web_acl ACL-months': 5, // 5.00
        'aws_wafv2_web_acl rule-months': 2, // 2 × 1.00
        'aws_elasticache_replication_group node-hours': 27.74, // 2 × 0.019 × 730
        'aws_opensearch_domain instance-hours': 293.46, // 2 × 0.201 × 730
        'aws_opensearch_domain GB-months': 29.2, // 2 × 100 × 0.146
      });
    });
  });
});
