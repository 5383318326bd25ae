import { Rule } from '../rule';
import { ACCOUNT_RULES } from './account-rules';
import { BACKUP_RULES } from './backup-rules';
import { CLOUDFRONT_RULES } from './cloudfront-rules';
import { CLOUDTRAIL_RULES } from './cloudtrail-rules';
import { CONFIG_RULES } from './config-rules';
import { DYNAMODB_RULES } from './dynamodb-rules';
import { EC2_RULES } from './ec2-rules';
import { ECR_RULES } from './ecr-rules';
import { ECS_RULES } from './ecs-rules';
import { EKS_RULES } from './eks-rules';
import { ELASTICACHE_RULES } from './elasticache-rules';
import { GUARDDUTY_RULES } from './guardduty-rules';
import { IAM_RULES } from './iam-rules';
import { INGRESS_RULES } from './ingress-rules';
import { KMS_RULES } from './kms-rules';
import { KUBERNETES_RULES } from './kubernetes-rules';
import { LOAD_BALANCER_RULES } from './load-balancer-rules';
import { LOG_GROUP_RULES } from './log-group-rules';
import { MESSAGING_RULES } from './messaging-rules';
import { NETWORK_RULES } from './network-rules';
import { OPENSEARCH_RULES } from './opensearch-rules';
import { RDS_RULES } from './rds-rules';
import { S3_RULES } from './s3-rules';
import { SECRETS_MANAGER_RULES } from './secrets-manager-rules';
import { SECURITY_HUB_RULES } from './security-hub-rules';

/** Every rule pack of the platform, the default of {@link evaluateStack}. */
export const PLATFORM_RULES: readonly Rule[] = [
  ...S3_RULES,
  ...RDS_RULES,
  ...ELASTICACHE_RULES,
  ...OPENSEARCH_RULES,
  ...EKS_RULES,
  ...EC2_RULES,
  ...NETWORK_RULES,
  ...IAM_RULES,
  ...KMS_RULES,
  ...LOG_GROUP_RULES,
  ...MESSAGING_RULES,
  ...SECRETS_MANAGER_RULES,
  ...DYNAMODB_RULES,
  ...CLOUDFRONT_RULES,
  ...ECR_RULES,
  ...ECS_RULES,
  ...LOAD_BALANCER_RULES,
  ...CLOUDTRAIL_RULES,
  ...GUARDDUTY_RULES,
  ...SECURITY_HUB_RULES,
  ...CONFIG_RULES,
  ...ACCOUNT_RULES,
  ...BACKUP_RULES,
  ...INGRESS_RULES,
  ...KUBERNETES_RULES,
];
