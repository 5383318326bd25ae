import { synthesizeBootstrap } from '@platform/stacks';
import { describeSynthesizedStacks } from '@platform/stacks/testing';
import { environments } from './environments';

const STATE_STORE = {
  add: 10,
  resourceCounts: { aws_s3_bucket: 1, aws_dynamodb_table: 1, aws_kms_key: 1, aws_s3_bucket_policy: 1, aws_s3_bucket_public_access_block: 1 },
};

describeSynthesizedStacks('the bootstrap stacks', (outdir) => synthesizeBootstrap(environments, outdir), {
  'bootstrap-100000000001-eu-central-1': STATE_STORE,
  'bootstrap-100000000002-eu-central-1': STATE_STORE,
  'bootstrap-100000000003-eu-central-1': STATE_STORE,
  'bootstrap-100000000004-eu-central-1': STATE_STORE,
});
