import { synthesizeBootstrap } from '@platform/stacks';
import { describeSynthesizedStacks } from '@platform/stacks/testing';
import { environments } from './environments';

// Every environment has its own account and is delivered from GitHub: the state store (10 resources), the account's
// GitHub OIDC provider, and the environment's plan and apply roles with their policies (8).
const STATE_STORE_AND_GITHUB_ROLES = {
  add: 18,
  resourceCounts: {
    aws_s3_bucket: 1,
    aws_dynamodb_table: 1,
    aws_kms_key: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_iam_openid_connect_provider: 1,
    aws_iam_role: 2,
    aws_iam_role_policy: 2,
    aws_iam_role_policy_attachment: 3,
  },
};

// Accounts whose environment runs a VPC OpenSearch domain (staging, production) also get OpenSearch's service-linked role.
const WITH_OPENSEARCH_ROLE = {
  add: STATE_STORE_AND_GITHUB_ROLES.add + 1,
  resourceCounts: { ...STATE_STORE_AND_GITHUB_ROLES.resourceCounts, aws_iam_service_linked_role: 1 },
};

// The state store of an environment's secondary region (disaster recovery, recovery.secondaryRegion): the stacks
// `<env>-<kind>-<region>` keep their state there, so a failover plans and applies while the primary region is down.
// No GitHub roles of its own: the environment's roles, made by its primary bootstrap stack, reach it by name.
const SECONDARY_STATE_STORE = {
  add: 10,
  resourceCounts: {
    aws_s3_bucket: 1,
    aws_dynamodb_table: 1,
    aws_kms_key: 1,
    aws_kms_alias: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_iam_openid_connect_provider: 0,
    aws_iam_role: 0,
    aws_iam_service_linked_role: 0,
  },
};

describeSynthesizedStacks('the bootstrap stacks', (outdir) => synthesizeBootstrap(environments, outdir), {
  'bootstrap-100000000001-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000002-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000003-eu-central-1': WITH_OPENSEARCH_ROLE,
  'bootstrap-100000000004-eu-central-1': WITH_OPENSEARCH_ROLE,
  // StoryMagic's accounts (seed 003); ECS, Elastic Load Balancing and Application Auto Scaling create their own
  // service-linked roles on first use.
  'bootstrap-100000000005-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000006-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  // Staging (backup-restore), production (warm standby) and storymagic-production (pilot light) keep their
  // secondary region's stacks in eu-west-1; development, testing and storymagic-development recover nothing there.
  'bootstrap-100000000003-eu-west-1': SECONDARY_STATE_STORE,
  'bootstrap-100000000004-eu-west-1': SECONDARY_STATE_STORE,
  'bootstrap-100000000006-eu-west-1': SECONDARY_STATE_STORE,
});
