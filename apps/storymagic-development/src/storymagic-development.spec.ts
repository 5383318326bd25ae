import { environment } from '@platform/environments/storymagic-development';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

// Seed 003 in development: 1 task of 0.5 vCPU / 1 GB behind an ALB, replaced in place (rolling, circuit breaker).
describeEnvironmentStacks('storymagic-development', environment, {
  'storymagic-development-network': { add: 47, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 6, aws_vpc_endpoint: 2 } },
  'storymagic-development-data': {
    add: 52,
    resourceCounts: { aws_db_instance: 1, aws_elasticache_replication_group: 1, aws_cloudfront_distribution: 1, aws_secretsmanager_secret: 2, aws_secretsmanager_secret_rotation: 1 },
  },
  'storymagic-development-monitoring': { add: 49, resourceCounts: { aws_cloudwatch_metric_alarm: 29, aws_cloudwatch_event_rule: 2, aws_budgets_budget: 1, aws_eks_addon: 0 } },
  'storymagic-development-services': {
    add: 55,
    resourceCounts: {
      aws_ecs_cluster: 1,
      aws_ecs_service: 1,
      aws_ecs_task_definition: 2,
      aws_lb: 1,
      aws_lb_listener: 2,
      aws_lb_target_group: 2,
      aws_appautoscaling_target: 1,
      aws_appautoscaling_policy: 2,
      aws_codedeploy_deployment_group: 0,
      aws_wafv2_web_acl_association: 1,
      aws_acm_certificate_validation: 1,
    },
  },
});
