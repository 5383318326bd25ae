import { environment } from '@platform/environments/production';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('production', environment, {
  // The shared ALB reaches every routed container port (seed 002's services on 3000-3002 too).
  'production-network': { add: 99, resourceCounts: { aws_nat_gateway: 3, aws_eip: 3, aws_subnet: 9, aws_vpc_endpoint: 8 } },
  // The shared ingress ALB's AWS side: certificate and validation, web ACL with its log group, key and logging, access log bucket.
  // The GitHub Actions runner in the VPC (9 resources) and the Argo Rollouts controller's IRSA role (2).
  'production-cluster': {
    add: 122,
    resourceCounts: { aws_codebuild_project: 1, aws_eks_cluster: 1, aws_eks_node_group: 3, aws_eks_addon: 5, aws_ecr_repository: 8, aws_ecr_replication_configuration: 1, aws_ecr_repository_creation_template: 3, aws_acm_certificate: 1, aws_wafv2_web_acl: 1 },
  },
  'production-cluster-addons': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 10, kubernetes_manifest: 0, kubernetes_namespace_v1: 7, kubernetes_storage_class_v1: 1 },
  },
  'production-cluster-config': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_manifest: 16 },
  },
  // The copies' targets in eu-west-1: the vault, the storage and velero replicas, the secrets' key.
  'production-recovery-eu-west-1': { add: 25, resourceCounts: { aws_backup_vault: 1, aws_backup_vault_lock_configuration: 1, aws_s3_bucket: 2, aws_s3_bucket_replication_configuration: 0, aws_kms_key: 4 } },
  'production-data': {
    add: 82,
    resourceCounts: { aws_secretsmanager_secret: 9, aws_iam_role_policy: 4, aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_opensearch_domain: 1, aws_sqs_queue: 4 },
  },
  'production-monitoring': {
    add: 61,
    resourceCounts: { aws_sns_topic: 3, aws_cloudwatch_metric_alarm: 36, aws_cloudwatch_event_rule: 2, aws_eks_addon: 1, aws_budgets_budget: 1, aws_cloudwatch_dashboard: 1 },
  },
  'production-observability': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 6, kubernetes_manifest: 3, kubernetes_config_map_v1: 2 },
  },
  'production-workloads': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_deployment_v1: 8, kubernetes_service_v1: 14, kubernetes_ingress_v1: 4, kubernetes_pod_disruption_budget_v1: 8, kubernetes_horizontal_pod_autoscaler_v2: 8, kubernetes_manifest: 37 },
  },
  // The warm standby in eu-west-1 (built by the same stack classes from the secondary site's config).
  // Standing by, it admits the workloads' routed ports already: the failover applies no network stack.
  'production-network-eu-west-1': { add: 99, resourceCounts: { aws_nat_gateway: 3, aws_subnet: 9, aws_vpc_endpoint: 8 } },
  'production-data-eu-west-1': { add: 17, resourceCounts: { aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_opensearch_domain: 0, aws_secretsmanager_secret: 0 } },
  // Its own regional certificate (validation records are the primary's), web ACL and access log bucket.
  'production-cluster-eu-west-1': { add: 87, resourceCounts: { aws_codebuild_project: 1, aws_eks_cluster: 1, aws_eks_node_group: 3, aws_ecr_repository: 0, aws_acm_certificate: 1, aws_route53_record: 0, aws_wafv2_web_acl: 1 } },
  'production-cluster-addons-eu-west-1': {
    notPlannedOffline: /hashicorp\/helm, hashicorp\/kubernetes/,
    resourceCounts: { helm_release: 10, kubernetes_namespace_v1: 7, kubernetes_storage_class_v1: 1 },
  },
  'production-cluster-config-eu-west-1': {
    notPlannedOffline: /hashicorp\/kubernetes/,
    resourceCounts: { kubernetes_manifest: 16 },
  },
  // Backups every 6 hours copied to eu-west-1, S3 replication, and the application hosts' failover records (ECR
  // replication is the cluster stack's, with the repositories).
  'production-recovery': {
    add: 26,
    resourceCounts: { aws_backup_plan: 1, aws_backup_selection: 1, aws_s3_bucket_replication_configuration: 2, aws_ecr_replication_configuration: 0, aws_route53_health_check: 2, aws_route53_record: 8 },
  },
  // The secondary network and cluster stacks are the primary's classes, checked for convergence in their primary form;
  // the replica's data stack converges in tools/dr.spec.ts (the failover is planned against its settled state); the
  // copies' stack (vault, replica buckets: plain resources, no self-changing attributes) is planned, not converged.
}, { convergence: { stacks: ['production-network', 'production-cluster', 'production-data', 'production-monitoring', 'production-recovery'] } });
