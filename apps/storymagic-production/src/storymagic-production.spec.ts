import { environment } from '@platform/environments/storymagic-production';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

// Seed 003 in production: 2 tasks of 1 vCPU / 2 GB behind an ALB, autoscaling 1–4, blue/green through CodeDeploy.
describeEnvironmentStacks('storymagic-production', environment, {
  'storymagic-production-network': { add: 47, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 6, aws_vpc_endpoint: 2 } },
  'storymagic-production-recovery-eu-west-1': { add: 16, resourceCounts: { aws_backup_vault: 1, aws_s3_bucket: 1, aws_kms_key: 3 } },
  'storymagic-production-data': {
    add: 52,
    resourceCounts: { aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_secretsmanager_secret: 2, aws_secretsmanager_secret_rotation: 1 },
  },
  'storymagic-production-monitoring': { add: 52, resourceCounts: { aws_cloudwatch_metric_alarm: 32, aws_cloudwatch_event_rule: 2, aws_budgets_budget: 1, aws_eks_addon: 0 } },
  'storymagic-production-services': {
    // The API's record is the PRIMARY of a failover pair (pilot light), with a health check on the load balancer; ECR
    // replication to eu-west-1 lives with the repository.
    add: 68,
    resourceCounts: {
      aws_ecs_cluster: 1,
      aws_ecs_service: 1,
      aws_ecs_task_definition: 2,
      aws_lb: 1,
      aws_lb_listener: 3,
      aws_lb_target_group: 2,
      aws_appautoscaling_target: 1,
      aws_appautoscaling_policy: 2,
      aws_codedeploy_deployment_group: 1,
      aws_wafv2_web_acl_association: 1,
      aws_acm_certificate_validation: 1,
      aws_route53_health_check: 1,
      aws_ecr_replication_configuration: 1,
    },
  },
  // The pilot light in eu-west-1 (seed 003's backup region): a network without NAT gateway and the replica on db.t3.micro.
  'storymagic-production-network-eu-west-1': { add: 43, resourceCounts: { aws_nat_gateway: 0, aws_subnet: 6 } },
  'storymagic-production-data-eu-west-1': { add: 8, resourceCounts: { aws_db_instance: 1, aws_elasticache_replication_group: 0 } },
  'storymagic-production-recovery': { add: 13, resourceCounts: { aws_backup_plan: 1, aws_s3_bucket_replication_configuration: 1 } },
  // The network, data and monitoring constructs converge in production's suite; the services stack is ECS's own.
}, { convergence: { stacks: ['storymagic-production-services'] } });
