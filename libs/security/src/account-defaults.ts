import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { EbsDefaultKmsKey } from '@cdktf/provider-aws/lib/ebs-default-kms-key';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { Ec2InstanceMetadataDefaults } from '@cdktf/provider-aws/lib/ec2-instance-metadata-defaults';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { ACCOUNT_ID, AWS_REGION, requirement } from '@platform/core';
import { Construct } from 'constructs';
import { accountKey } from './private/policy';

export interface AccountDefaultsProps {
  /** First part of names, e.g. `platform`: analyzer `<namePrefix>-account`, key alias `<namePrefix>-ebs-default`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Also set the account's global defaults: the IAM password policy and the S3 account public access block. True in
   * the account's primary region only (each exists once per account).
   * @default false
   */
  readonly global?: boolean;
  /**
   * The IAM Access Analyzer of the account in this region (external access findings; free).
   * @default true
   */
  readonly accessAnalyzer?: boolean;
  /**
   * Refuse `terraform destroy` of the EBS default key: volumes it encrypted are unreadable without it.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The IAM password policy (CIS AWS Foundations v3.0 1.8, 1.9; FSBP IAM.7; checkov CKV_AWS_9 to CKV_AWS_15). */
export const PASSWORD_POLICY = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
  // Users whose password expired choose a new one at sign-in instead of needing an administrator.
  hardExpiry: false,
} as const;

/**
 * Account defaults of one region: the IAM Access Analyzer of the account, EBS encryption by default with a customer
 * managed key, and instance metadata defaults of IMDSv2 only with a hop limit of 2 (containers on a node reach it
 * through one more hop) for instances launched without their own settings. With `global`, also the IAM password
 * policy and the account-wide S3 public access block.
 *
 * The EBS key is used the way AWS's own `aws/ebs` key is: by any principal of the account, only through EC2 of this
 * region (`kms:ViaService`), so Auto Scaling's and EKS's service-linked roles launch encrypted nodes with it.
 */
export class AccountDefaults extends Construct {
  readonly ebsKey: KmsKey;
  readonly analyzer?: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: AccountDefaultsProps) {
    super(scope, id);
    const { accountId, region, namePrefix } = props;
    const require = requirement(this);
    require(ACCOUNT_ID.test(accountId), 'accountId', `'${accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(region), 'region', `'${region}' is not a region name`, 'pass a region such as eu-central-1');

    if (props.accessAnalyzer ?? true) {
      this.analyzer = new AccessanalyzerAnalyzer(this, 'Analyzer', { analyzerName: `${namePrefix}-account`, type: 'ACCOUNT' });
    }

    this.ebsKey = accountKey(this, 'EbsKey', {
      description: `Encrypts new EBS volumes of the account in ${region} by default`,
      alias: `${namePrefix}-ebs-default`,
      accountId,
      region,
      preventDestroy: props.preventDestroy ?? true,
      statements: [
        {
          Sid: 'AccountUsesTheKeyThroughEc2',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `ec2.${region}.amazonaws.com` } },
        },
        {
          Sid: 'AccountGrantsThroughEc2ForAttachedVolumes',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `ec2.${region}.amazonaws.com` }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    });
    new EbsEncryptionByDefault(this, 'EbsEncryption', { enabled: true });
    new EbsDefaultKmsKey(this, 'EbsDefaultKey', { keyArn: this.ebsKey.arn });
    new Ec2InstanceMetadataDefaults(this, 'InstanceMetadataDefaults', { httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled', instanceMetadataTags: 'no-preference' });

    if (props.global ?? false) {
      new IamAccountPasswordPolicy(this, 'PasswordPolicy', { ...PASSWORD_POLICY });
      new S3AccountPublicAccessBlock(this, 'S3PublicAccessBlock', { accountId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    }
  }
}
