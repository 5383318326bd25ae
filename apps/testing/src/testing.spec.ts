import { environment } from '@platform/environments/testing';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('testing', environment, {
  'testing-network': { add: 79, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 9, aws_vpc_endpoint: 2 } },
  // The shared ingress ALB's AWS side: certificate and validation, web ACL with its log group, key and logging, access log bucket.
  // Every catalog's repositories (8, each with its lifecycle policy): releases pass through testing.
  'testing-cluster': { add: 87, resourceCounts: { aws_codebuild_project: 1, aws_eks_cluster: 1, aws_eks_node_group: 1, aws_eks_addon: 5, aws_ecr_repository: 8, aws_acm_certificate: 1, aws_wafv2_web_acl: 1, aws_s3_bucket: 1 } },
  'testing-cluster-addons': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 9, kubernetes_manifest: 0, kubernetes_namespace_v1: 6, kubernetes_storage_class_v1: 1 },
  },
  'testing-cluster-config': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_manifest: 16 },
  },
  'testing-data': {
    add: 51,
    resourceCounts: { aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_opensearch_domain: 0, aws_sqs_queue: 0 },
  },
  'testing-monitoring': {
    add: 32,
    resourceCounts: { aws_sns_topic: 3, aws_cloudwatch_metric_alarm: 12, aws_cloudwatch_event_rule: 2, aws_eks_addon: 0, aws_budgets_budget: 1, aws_cloudwatch_dashboard: 1 },
  },
  'testing-observability': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 6, kubernetes_manifest: 3, kubernetes_config_map_v1: 2 },
  },
  'testing-workloads': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_deployment_v1: 2, kubernetes_service_v1: 4, kubernetes_ingress_v1: 2, kubernetes_pod_disruption_budget_v1: 2, kubernetes_horizontal_pod_autoscaler_v2: 2, kubernetes_manifest: 7 },
  },
});
