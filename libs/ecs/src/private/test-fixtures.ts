import { Construct } from 'constructs';
import { FargateTaskDefinition, FargateTaskDefinitionProps } from '../fargate-task-definition';

/** Account, region, repository and secrets shared by the specs of this library. */
export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const REPOSITORY_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/storymagic-api`;
export const REPOSITORY_URL = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/storymagic-api`;
export const OPENAI_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:storymagic/production/openai-api-key-AbCdEf`;
export const DATABASE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:storymagic/production/database-credentials-GhIjKl`;
export const SECRETS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The seed's production task: 1 vCPU, 2 GB, an image tag from a variable, two secrets. */
export const TASK_PROPS: FargateTaskDefinitionProps = {
  family: 'storymagic-api',
  accountId: ACCOUNT,
  region: REGION,
  cpu: 1024,
  memory: 2048,
  image: { repositoryUrl: REPOSITORY_URL, repositoryArn: REPOSITORY_ARN, tag: '${var.image_tag}' },
  environment: { NODE_ENV: 'production', DATABASE_HOST: 'db.internal' },
  secrets: { OPENAI_API_KEY: { secretArn: OPENAI_SECRET }, DATABASE_PASSWORD: { secretArn: DATABASE_SECRET, jsonKey: 'password' } },
  secretsKmsKeyArns: [SECRETS_KEY],
};

export function taskDefinition(scope: Construct, props: Partial<FargateTaskDefinitionProps> = {}): FargateTaskDefinition {
  return new FargateTaskDefinition(scope, 'task', { ...TASK_PROPS, ...props });
}
