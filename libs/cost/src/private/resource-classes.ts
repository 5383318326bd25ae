/**
 * Resource types without a price rule: those that cost nothing of their own (left out of the estimate silently)
 * and those whose cost depends on usage the configuration does not state (listed as not priced, with the reason).
 */

/** Types with no charge of their own: configuration, permissions, wiring, or priced through another resource. */
const FREE_TYPES = new Set([
  'aws_acm_certificate',
  'aws_acm_certificate_validation',
  'aws_appautoscaling_policy',
  'aws_appautoscaling_target',
  'aws_budgets_budget',
  'aws_cloudfront_cache_policy',
  'aws_cloudfront_origin_access_control',
  'aws_cloudfront_origin_request_policy',
  'aws_cloudfront_response_headers_policy',
  'aws_cloudwatch_log_delivery_destination',
  'aws_cloudwatch_log_delivery_source',
  'aws_cloudwatch_log_resource_policy',
  'aws_codedeploy_app',
  'aws_codedeploy_deployment_group',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_default_security_group',
  'aws_ecr_lifecycle_policy',
  'aws_ecr_repository_policy',
  'aws_ecs_cluster',
  'aws_ecs_cluster_capacity_providers',
  'aws_ecs_task_definition',
  'aws_eks_access_entry',
  'aws_eks_access_policy_association',
  'aws_eks_addon',
  'aws_eks_pod_identity_association',
  'aws_elasticache_parameter_group',
  'aws_elasticache_subnet_group',
  'aws_elasticache_user',
  'aws_elasticache_user_group',
  'aws_internet_gateway',
  'aws_kms_alias',
  'aws_launch_template',
  'aws_lb_listener',
  'aws_lb_listener_certificate',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_network_acl',
  'aws_network_acl_association',
  'aws_network_acl_rule',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_secretsmanager_secret_policy',
  'aws_secretsmanager_secret_version',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_sqs_queue_policy',
  'aws_subnet',
  'aws_vpc',
  'aws_vpc_endpoint_route_table_association',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_wafv2_web_acl_association',
]);

/** Prefixes of free type families: IAM, and an S3 bucket's configuration resources (the bucket is listed). */
const FREE_PREFIXES = ['aws_iam_', 'aws_s3_bucket_'];

/** Types whose cost is usage: what drives it. */
const USAGE_PRICED: Readonly<Record<string, string>> = {
  aws_cloudfront_distribution: 'traffic-priced: data transfer out, HTTP(S) requests',
  aws_cloudwatch_log_delivery: 'usage-priced: vended log delivery per GB',
  aws_cloudwatch_log_group: 'usage-priced: log ingestion and storage per GB',
  aws_dynamodb_table: 'usage-priced: requests (on demand) and storage per GB',
  aws_ecr_repository: 'usage-priced: image storage per GB',
  aws_elasticache_serverless_cache: 'usage-priced: data stored and ElastiCache processing units',
  aws_flow_log: 'usage-priced: flow log ingestion per GB',
  aws_lambda_function: 'usage-priced: requests and duration',
  aws_route53_record: 'usage-priced: DNS queries',
  aws_s3_bucket: 'usage-priced: storage volume and requests unknown',
  // Managed rotation (RDS's own secrets) costs nothing; a rotation Lambda is billed by its invocations.
  aws_secretsmanager_secret_rotation: 'usage-priced: a rotation Lambda\'s invocations (managed rotation, as for RDS master secrets, is free)',
  aws_sns_topic: 'request-priced: publishes and deliveries',
  aws_sqs_queue: 'request-priced: requests',
  aws_wafv2_web_acl_logging_configuration: 'usage-priced: log delivery per GB',
  aws_xray_sampling_rule: 'usage-priced: traces recorded and scanned',
};

/** Non-AWS resources grouped by provider: they run on (or configure) priced infrastructure. */
const GROUPS: ReadonlyArray<{ readonly prefix: string; readonly reason: string }> = [
  { prefix: 'kubernetes_', reason: 'in-cluster: runs on the priced nodes; load balancers that Services and Ingresses create are not priced' },
  { prefix: 'helm_', reason: 'in-cluster: runs on the priced nodes; load balancers and volumes the charts create are not priced' },
];

/** Why a type without a price rule is not priced (`group` names it in the list), or undefined when it is free. */
export function notPricedReason(type: string): { group: string; reason: string } | undefined {
  if (FREE_TYPES.has(type) || FREE_PREFIXES.some((prefix) => type.startsWith(prefix))) return undefined;
  const usage = USAGE_PRICED[type];
  if (usage) return { group: type, reason: usage };
  const group = GROUPS.find(({ prefix }) => type.startsWith(prefix));
  if (group) return { group: `${group.prefix}*`, reason: group.reason };
  return { group: type, reason: 'no price rule for this resource type' };
}
