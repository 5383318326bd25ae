import { NodeKind } from '../graph';
import { block, literal, ResourceBlock } from './stack-json';

/**
 * A kind of thing a stack builds, drawn as one box with its count: the resources of `types` are what it counts
 * (`3 SQS queues`), those of `related` belong to them (queue policies, bucket settings) and are only counted in the
 * stack's total. Types no group claims are summed up in the stack's "other" box.
 */
export interface ResourceGroup {
  readonly id: string;
  readonly kind: NodeKind;
  /** [singular, plural], e.g. ['SQS queue', 'SQS queues']. */
  readonly noun: readonly [string, string];
  readonly types: readonly string[];
  /** Exact types, or prefixes ending in `*`. @default - none */
  readonly related?: readonly string[];
  /** One line per resource (up to {@link MAX_DETAIL_LINES}), e.g. its name and size. @default - its name */
  readonly detail?: (resource: ResourceBlock) => string | undefined;
  /**
   * Drawn in one box with the other groups of this box (one line each, e.g. `17 IAM roles`), titled by it: kinds
   * every stack has a few of, which would crowd it as boxes of their own.
   * @default - a box of its own
   */
  readonly box?: string;
  /** Whether the internet reaches the resource (an arrow from the internet is drawn). @default - never */
  readonly public?: (resource: ResourceBlock) => boolean;
}

/** Detail lines of a box; the rest is summed up as `+N more`. */
export const MAX_DETAIL_LINES = 5;

const named = (...keys: string[]) => (resource: ResourceBlock) => keys.map((key) => literal(resource.values, key)).find((value) => value !== undefined);
const join = (...parts: (string | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(' ');
const metadataName = (resource: ResourceBlock) => literal(block(resource.values, 'metadata'), 'name');
const always = () => true;

function nodeGroup({ values }: ResourceBlock): string | undefined {
  const scaling = block(values, 'scaling_config');
  const types = Array.isArray(values.instance_types) ? values.instance_types.join('/') : undefined;
  const range = literal(scaling, 'min_size') !== undefined ? `${literal(scaling, 'min_size')}–${literal(scaling, 'max_size')}` : undefined;
  return join(`${literal(values, 'node_group_name')}:`, types, range && `×${range}`, literal(values, 'capacity_type')?.toLowerCase());
}

function database({ values }: ResourceBlock): string | undefined {
  const replica = values.replicate_source_db !== undefined ? 'replica' : undefined;
  return join(literal(values, 'identifier'), literal(values, 'engine'), literal(values, 'engine_version'), literal(values, 'instance_class'), values.multi_az === true ? 'Multi-AZ' : undefined, replica);
}

/**
 * A record's name, with its failover role: the primary and secondary records of a failover pair share the name
 * (`api.example.com primary`, `api.example.com secondary`).
 */
function dnsRecord(resource: ResourceBlock): string | undefined {
  const name = literal(resource.values, 'name');
  // A name known only at apply (a reference) gives no line, as for the other boxes.
  return name && join(name, literal(block(resource.values, 'failover_routing_policy'), 'type')?.toLowerCase());
}

/** In drawing order within a stack. */
export const RESOURCE_GROUPS: readonly ResourceGroup[] = [
  // Edge: what the internet reaches.
  { id: 'route53', kind: 'edge', noun: ['Route 53 record', 'Route 53 records'], types: ['aws_route53_record'], related: ['aws_route53_health_check'], detail: dnsRecord, public: always },
  {
    id: 'cloudfront',
    kind: 'edge',
    noun: ['CloudFront distribution', 'CloudFront distributions'],
    types: ['aws_cloudfront_distribution'],
    related: ['aws_cloudfront_*'],
    detail: named('comment'),
    public: always,
  },
  { id: 'waf', kind: 'edge', noun: ['WAF web ACL', 'WAF web ACLs'], types: ['aws_wafv2_web_acl'], related: ['aws_wafv2_*'], detail: (resource) => join(named('name')(resource), literal(resource.values, 'scope')?.toLowerCase()) },
  {
    id: 'load-balancer',
    kind: 'edge',
    noun: ['load balancer', 'load balancers'],
    types: ['aws_lb', 'aws_alb'],
    related: ['aws_lb_*', 'aws_alb_*'],
    detail: (resource) => join(named('name')(resource), literal(resource.values, 'load_balancer_type'), resource.values.internal === true ? 'internal' : 'internet-facing'),
    public: (resource) => resource.values.internal !== true,
  },
  { id: 'ingress', kind: 'edge', noun: ['Kubernetes ingress', 'Kubernetes ingresses'], types: ['kubernetes_ingress_v1'], detail: metadataName, public: always },
  { id: 'certificate', kind: 'edge', noun: ['ACM certificate', 'ACM certificates'], types: ['aws_acm_certificate'], related: ['aws_acm_*'], detail: named('domain_name') },
  // Compute.
  { id: 'eks', kind: 'compute', noun: ['EKS cluster', 'EKS clusters'], types: ['aws_eks_cluster'], related: ['aws_eks_addon', 'aws_eks_access_*', 'aws_iam_openid_connect_provider'], detail: (resource) => join(named('name')(resource), literal(resource.values, 'version')) },
  { id: 'node-groups', kind: 'compute', noun: ['node group', 'node groups'], types: ['aws_eks_node_group'], related: ['aws_launch_template'], detail: nodeGroup },
  { id: 'ecs', kind: 'compute', noun: ['ECS cluster', 'ECS clusters'], types: ['aws_ecs_cluster'], related: ['aws_ecs_cluster_*'], detail: named('name') },
  {
    id: 'ecs-services',
    kind: 'compute',
    noun: ['ECS service', 'ECS services'],
    types: ['aws_ecs_service'],
    related: ['aws_ecs_task_definition', 'aws_appautoscaling_*'],
    detail: (resource) => join(named('name')(resource), literal(resource.values, 'desired_count') && `×${literal(resource.values, 'desired_count')}`, literal(resource.values, 'launch_type')?.toLowerCase()),
  },
  { id: 'helm', kind: 'compute', noun: ['Helm release', 'Helm releases'], types: ['helm_release'], detail: named('name') },
  {
    id: 'deployments',
    kind: 'compute',
    noun: ['deployment', 'deployments'],
    types: ['kubernetes_deployment_v1', 'kubernetes_stateful_set_v1', 'kubernetes_daemon_set_v1'],
    related: ['kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_pod_disruption_budget_v1', 'kubernetes_service_account_v1', 'kubernetes_service_v1'],
    detail: (resource) => join(metadataName(resource), literal(block(resource.values, 'spec'), 'replicas') && `×${literal(block(resource.values, 'spec'), 'replicas')}`),
  },
  { id: 'kubernetes', kind: 'compute', noun: ['Kubernetes object', 'Kubernetes objects'], types: ['kubernetes_*'], detail: () => undefined },
  // Data.
  { id: 'rds', kind: 'data', noun: ['RDS instance', 'RDS instances'], types: ['aws_db_instance'], related: ['aws_db_*'], detail: database },
  { id: 'aurora', kind: 'data', noun: ['Aurora cluster', 'Aurora clusters'], types: ['aws_rds_cluster'], related: ['aws_rds_*'], detail: (resource) => join(named('cluster_identifier')(resource), literal(resource.values, 'engine'), literal(resource.values, 'engine_version')) },
  {
    id: 'elasticache',
    kind: 'data',
    noun: ['ElastiCache group', 'ElastiCache groups'],
    types: ['aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_elasticache_serverless_cache'],
    related: ['aws_elasticache_*'],
    detail: (resource) => join(named('replication_group_id', 'cluster_id', 'name')(resource), literal(resource.values, 'engine'), literal(resource.values, 'node_type'), literal(resource.values, 'num_cache_clusters') && `×${literal(resource.values, 'num_cache_clusters')}`),
  },
  { id: 'opensearch', kind: 'data', noun: ['OpenSearch domain', 'OpenSearch domains'], types: ['aws_opensearch_domain'], related: ['aws_opensearch_*'], detail: named('domain_name') },
  { id: 'dynamodb', kind: 'data', noun: ['DynamoDB table', 'DynamoDB tables'], types: ['aws_dynamodb_table'], related: ['aws_dynamodb_*'], detail: named('name') },
  { id: 'sqs', kind: 'data', noun: ['SQS queue', 'SQS queues'], types: ['aws_sqs_queue'], related: ['aws_sqs_*'], detail: named('name') },
  { id: 'sns', kind: 'data', noun: ['SNS topic', 'SNS topics'], types: ['aws_sns_topic'], related: ['aws_sns_*'], detail: named('name') },
  { id: 's3', kind: 'data', noun: ['S3 bucket', 'S3 buckets'], types: ['aws_s3_bucket'], related: ['aws_s3_bucket_*'], detail: named('bucket') },
  { id: 'efs', kind: 'data', noun: ['EFS file system', 'EFS file systems'], types: ['aws_efs_file_system'], related: ['aws_efs_*'], detail: named('creation_token') },
  // Recovery.
  { id: 'backup', kind: 'recovery', noun: ['backup vault', 'backup vaults'], types: ['aws_backup_vault'], related: ['aws_backup_*', 'aws_s3_bucket_replication_configuration'], detail: named('name') },
  // Observability.
  { id: 'alarms', kind: 'observability', noun: ['CloudWatch alarm', 'CloudWatch alarms'], types: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'], detail: () => undefined },
  { id: 'dashboards', kind: 'observability', noun: ['CloudWatch dashboard', 'CloudWatch dashboards'], types: ['aws_cloudwatch_dashboard'], detail: named('dashboard_name') },
  { id: 'logs', kind: 'observability', noun: ['log group', 'log groups'], types: ['aws_cloudwatch_log_group'], related: ['aws_cloudwatch_log_*', 'aws_flow_log'], detail: () => undefined },
  { id: 'events', kind: 'observability', noun: ['EventBridge rule', 'EventBridge rules'], types: ['aws_cloudwatch_event_rule'], related: ['aws_cloudwatch_event_*'], detail: named('name') },
  { id: 'budgets', kind: 'observability', noun: ['budget', 'budgets'], types: ['aws_budgets_budget'], detail: named('name') },
  { id: 'xray', kind: 'observability', noun: ['X-Ray sampling rule', 'X-Ray sampling rules'], types: ['aws_xray_*'], detail: () => undefined },
  // Delivery.
  { id: 'ecr', kind: 'delivery', noun: ['ECR repository', 'ECR repositories'], types: ['aws_ecr_repository'], related: ['aws_ecr_*'], detail: () => undefined },
  { id: 'codebuild', kind: 'delivery', noun: ['CodeBuild project', 'CodeBuild projects'], types: ['aws_codebuild_project'], related: ['aws_codebuild_*'], detail: named('name') },
  { id: 'codedeploy', kind: 'delivery', noun: ['CodeDeploy application', 'CodeDeploy applications'], types: ['aws_codedeploy_app'], related: ['aws_codedeploy_*'], detail: named('name') },
  // Security.
  { id: 'secrets', kind: 'security', box: 'security', noun: ['secret', 'secrets'], types: ['aws_secretsmanager_secret'], related: ['aws_secretsmanager_*'], detail: () => undefined },
  { id: 'kms', kind: 'security', box: 'security', noun: ['KMS key', 'KMS keys'], types: ['aws_kms_key'], related: ['aws_kms_*'], detail: () => undefined },
  { id: 'iam', kind: 'security', box: 'security', noun: ['IAM role', 'IAM roles'], types: ['aws_iam_role'], related: ['aws_iam_*', 'aws_eks_pod_identity_association'], detail: () => undefined },
  {
    id: 'firewall',
    kind: 'security',
    box: 'security',
    noun: ['security group', 'security groups'],
    types: ['aws_security_group', 'aws_default_security_group'],
    related: ['aws_vpc_security_group_*', 'aws_network_acl*'],
    detail: () => undefined,
  },
  // Network (outside the per-AZ subnets and NAT gateways, which the network tiers draw).
  { id: 'internet-gateway', kind: 'network', noun: ['internet gateway', 'internet gateways'], types: ['aws_internet_gateway', 'aws_egress_only_internet_gateway'], detail: () => undefined },
  { id: 'endpoints', kind: 'network', noun: ['VPC endpoint', 'VPC endpoints'], types: ['aws_vpc_endpoint'], related: ['aws_vpc_endpoint_*'], detail: (resource) => literal(resource.values, 'service_name')?.split('.').pop() },
  { id: 'routing', kind: 'network', noun: ['route table', 'route tables'], types: ['aws_route_table'], related: ['aws_route', 'aws_route_table_association', 'aws_eip', 'aws_db_subnet_group', 'aws_elasticache_subnet_group'], detail: () => undefined },
];

/** Whether `type` is `pattern`, or starts with it when it ends in `*`. */
export function matchesType(type: string, pattern: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

/**
 * The group that counts or claims resources of `type`: exact types before prefixes (a deployment's autoscaler belongs
 * to the deployments, not to the catch-all of Kubernetes objects), and counting before claiming (`aws_lb` is a load
 * balancer, not something `aws_lb_*` claims).
 */
export function groupOf(type: string): { group: ResourceGroup; counted: boolean } | undefined {
  if (!groups.has(type)) groups.set(type, findGroup(type));
  return groups.get(type);
}

/** {@link groupOf} by type: a stack has thousands of resources of a few dozen types. */
const groups = new Map<string, { group: ResourceGroup; counted: boolean } | undefined>();

function findGroup(type: string): { group: ResourceGroup; counted: boolean } | undefined {
  for (const exact of [true, false]) {
    for (const counted of [true, false]) {
      const matches = (pattern: string) => (exact ? pattern === type : pattern.endsWith('*') && matchesType(type, pattern));
      const group = RESOURCE_GROUPS.find((candidate) => (counted ? candidate.types : (candidate.related ?? [])).some(matches));
      if (group) return { group, counted };
    }
  }
  return undefined;
}
