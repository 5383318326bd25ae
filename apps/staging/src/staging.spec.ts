import { environment } from '@platform/environments/staging';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('staging', environment, {
  // The shared ALB reaches every routed container port (seed 002's services on 3001-3004 too).
  'staging-network': { add: 99, resourceCounts: { aws_nat_gateway: 3, aws_eip: 3, aws_subnet: 9, aws_vpc_endpoint: 8 } },
  // The shared ingress ALB's AWS side: certificate and validation, web ACL with its log group, key and logging, access log bucket.
  'staging-cluster': {
    add: 122,
    resourceCounts: { aws_codebuild_project: 1, aws_eks_cluster: 1, aws_eks_node_group: 3, aws_eks_addon: 5, aws_ecr_repository: 8, aws_ecr_replication_configuration: 1, aws_acm_certificate: 1, aws_wafv2_web_acl: 1 },
  },
  'staging-cluster-addons': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 10, kubernetes_manifest: 0, kubernetes_namespace_v1: 7, kubernetes_storage_class_v1: 1 },
  },
  'staging-cluster-config': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_manifest: 16 },
  },
  // Backup and restore (the default): the copy vault and the replica buckets in eu-west-1.
  'staging-recovery-eu-west-1': { add: 24, resourceCounts: { aws_backup_vault: 1, aws_backup_vault_lock_configuration: 0, aws_s3_bucket: 2 } },
  'staging-data': {
    add: 81,
    resourceCounts: { aws_secretsmanager_secret: 8, aws_iam_role_policy: 4, aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_opensearch_domain: 1, aws_sqs_queue: 4 },
  },
  'staging-monitoring': {
    add: 61,
    resourceCounts: { aws_sns_topic: 3, aws_cloudwatch_metric_alarm: 36, aws_cloudwatch_event_rule: 2, aws_eks_addon: 1, aws_budgets_budget: 1, aws_cloudwatch_dashboard: 1 },
  },
  'staging-observability': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 6, kubernetes_manifest: 3, kubernetes_config_map_v1: 2 },
  },
  'staging-workloads': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_deployment_v1: 8, kubernetes_service_v1: 14, kubernetes_ingress_v1: 4, kubernetes_pod_disruption_budget_v1: 8, kubernetes_horizontal_pod_autoscaler_v2: 8, kubernetes_manifest: 37 },
  },
  'staging-recovery': {
    add: 15,
    resourceCounts: { aws_backup_plan: 1, aws_s3_bucket_replication_configuration: 2, aws_route53_record: 0 },
  },
});
