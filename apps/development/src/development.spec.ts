import { environment } from '@platform/environments/development';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('development', environment, {
  'development-network': { add: 79, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 9, aws_vpc_endpoint: 2 } },
  // The shared ingress ALB's AWS side: certificate and validation, web ACL with its log group, key and logging, access log bucket.
  // Every catalog's repositories (8, each with its lifecycle policy): releases pass through development.
  'development-cluster': {
    add: 87,
    resourceCounts: { aws_codebuild_project: 1, aws_eks_cluster: 1, aws_eks_node_group: 1, aws_eks_addon: 5, aws_ecr_repository: 8, aws_acm_certificate: 1, aws_wafv2_web_acl: 1, aws_wafv2_web_acl_association: 0, aws_s3_bucket: 1 },
  },
  'development-cluster-addons': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 9, kubernetes_manifest: 0, kubernetes_namespace_v1: 6, kubernetes_storage_class_v1: 1 },
  },
  'development-cluster-config': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_manifest: 16 },
  },
  'development-data': {
    add: 51,
    resourceCounts: { aws_iam_role_policy: 1, aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_opensearch_domain: 0, aws_sqs_queue: 0 },
  },
  'development-monitoring': {
    add: 32,
    resourceCounts: { aws_sns_topic: 3, aws_cloudwatch_metric_alarm: 12, aws_cloudwatch_event_rule: 2, aws_eks_addon: 0, aws_budgets_budget: 1, aws_cloudwatch_dashboard: 1 },
  },
  'development-observability': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 2, kubernetes_manifest: 0, kubernetes_config_map_v1: 0 },
  },
  'development-workloads': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_deployment_v1: 2, kubernetes_service_v1: 2, kubernetes_ingress_v1: 2, kubernetes_pod_disruption_budget_v1: 0, kubernetes_horizontal_pod_autoscaler_v2: 2, kubernetes_manifest: 3 },
  },
});
