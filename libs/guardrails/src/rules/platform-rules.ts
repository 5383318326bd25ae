import { Rule } from '../rule';
import { CLOUDFRONT_RULES } from './cloudfront-rules';
import { DYNAMODB_RULES } from './dynamodb-rules';
import { EC2_RULES } from './ec2-rules';
import { ECR_RULES } from './ecr-rules';
import { ECS_RULES } from './ecs-rules';
import { EKS_RULES } from './eks-rules';
import { ELASTICACHE_RULES } from './elasticache-rules';
import { IAM_RULES } from './iam-rules';
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
  ...KUBERNETES_RULES,
];
