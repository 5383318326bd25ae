import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { Ec2InstanceMetadataDefaults } from '@cdktf/provider-aws/lib/ec2-instance-metadata-defaults';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { ACCOUNT_RULES } from './account-rules';

const BLOCK_ALL = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** The account baseline's account-wide settings; `change` replaces one of them. */
function baseline(stack: TerraformStack, change: Partial<Record<'ebs' | 'block' | 'password' | 'metadata' | 'analyzer', () => void>> = {}): void {
  (change.ebs ?? (() => new EbsEncryptionByDefault(stack, 'EbsEncryption', { enabled: true })))();
  (change.block ?? (() => new S3AccountPublicAccessBlock(stack, 'PublicAccessBlock', BLOCK_ALL)))();
  (change.password ?? (() => new IamAccountPasswordPolicy(stack, 'PasswordPolicy', { minimumPasswordLength: 14, passwordReusePrevention: 24, requireSymbols: true })))();
  (change.metadata ?? (() => new Ec2InstanceMetadataDefaults(stack, 'MetadataDefaults', { httpTokens: 'required', httpPutResponseHopLimit: 1 })))();
  (change.analyzer ?? (() => new AccessanalyzerAnalyzer(stack, 'Analyzer', { analyzerName: 'account', type: 'ACCOUNT' })))();
}

describe('account baseline rules', () => {
  testRulePack(ACCOUNT_RULES, (stack) => baseline(stack), {
    'PLAT-ACCT-001': [{ name: 'default encryption off', build: (stack) => baseline(stack, { ebs: () => new EbsEncryptionByDefault(stack, 'EbsEncryption', { enabled: false }) }), path: 'EbsEncryption', problem: 'enabled is false' }],
    'PLAT-ACCT-002': [
      {
        name: 'an account block that allows public policies',
        build: (stack) => baseline(stack, { block: () => new S3AccountPublicAccessBlock(stack, 'PublicAccessBlock', { ...BLOCK_ALL, blockPublicPolicy: false, restrictPublicBuckets: undefined }) }),
        path: 'PublicAccessBlock',
        problem: 'block_public_policy, restrict_public_buckets not true',
      },
    ],
    'PLAT-ACCT-003': [
      { name: 'a short minimum length', build: (stack) => baseline(stack, { password: () => new IamAccountPasswordPolicy(stack, 'Policy', { minimumPasswordLength: 8, passwordReusePrevention: 24 }) }), path: 'Policy', problem: 'minimum_password_length is 8, below 14' },
    ],
    'PLAT-ACCT-004': [{ name: 'no reuse prevention', build: (stack) => baseline(stack, { password: () => new IamAccountPasswordPolicy(stack, 'Policy', { minimumPasswordLength: 14 }) }), path: 'Policy', problem: 'password_reuse_prevention is not set, below 24' }],
    'PLAT-ACCT-005': [
      { name: 'IMDSv1 allowed by default', build: (stack) => baseline(stack, { metadata: () => new Ec2InstanceMetadataDefaults(stack, 'MetadataDefaults', { httpTokens: 'optional' }) }), path: 'MetadataDefaults', problem: 'http_tokens is "optional"' },
    ],
    'PLAT-ACCT-006': [
      {
        name: 'an unused-access analyzer alone',
        build: (stack) => baseline(stack, { analyzer: () => new AccessanalyzerAnalyzer(stack, 'Unused', { analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }) }),
        path: 'Unused',
        problem: 'type is "ACCOUNT_UNUSED_ACCESS" and no ACCOUNT or ORGANIZATION analyzer exists',
      },
    ],
  });

  it('accepts an unused-access analyzer next to an external-access one', () => {
    const both = (stack: TerraformStack) => {
      baseline(stack);
      new AccessanalyzerAnalyzer(stack, 'Unused', { analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' });
    };
    expect(findingsOf('PLAT-ACCT-006', both)).toEqual([]);
  });
});

describe('account baseline rules at their thresholds', () => {
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  const passwordPolicy = (minimumPasswordLength: number, passwordReusePrevention: number) => (stack: TerraformStack) =>
    baseline(stack, { password: () => new IamAccountPasswordPolicy(stack, 'Policy', { minimumPasswordLength, passwordReusePrevention }) });
  const analyzer = (type?: string) => (stack: TerraformStack) => baseline(stack, { analyzer: () => new AccessanalyzerAnalyzer(stack, 'Analyzer', { analyzerName: 'a', type }) });

  it.each<[string, string, (stack: TerraformStack) => void, string[]]>([
    ['PLAT-ACCT-003', 'a minimum length of 13', passwordPolicy(13, 24), ['minimum_password_length is 13, below 14']],
    ['PLAT-ACCT-003', 'a minimum length of exactly 14', passwordPolicy(14, 24), []],
    ['PLAT-ACCT-004', 'reuse prevention of 23', passwordPolicy(14, 23), ['password_reuse_prevention is 23, below 24']],
    ['PLAT-ACCT-004', 'reuse prevention of exactly 24', passwordPolicy(14, 24), []],
    ['PLAT-ACCT-006', 'an analyzer of the default type (ACCOUNT)', analyzer(undefined), []],
    ['PLAT-ACCT-006', 'an organization analyzer', analyzer('ORGANIZATION'), []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
