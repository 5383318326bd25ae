import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from '@platform/terraform-testing/iam';
import { AccountDefaults, AccountDefaultsProps } from './account-defaults';

const PROPS: AccountDefaultsProps = { namePrefix: 'platform', accountId: SIMULATED_ACCOUNT, region: 'eu-central-1' };
const synth = (props: Partial<AccountDefaultsProps> = {}) => synthJson((scope) => new AccountDefaults(scope, 'defaults', { ...PROPS, ...props }));
const KEY = `arn:aws:kms:eu-central-1:${SIMULATED_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe('AccountDefaults', () => {
  const json = synth();

  it('analyzes external access to the account in the region', () => {
    expect(json.resources('aws_accessanalyzer_analyzer')).toEqual([expect.objectContaining({ analyzer_name: 'platform-account', type: 'ACCOUNT' })]);
    expect(synth({ accessAnalyzer: false }).resources('aws_accessanalyzer_analyzer')).toEqual([]);
  });

  it('encrypts new EBS volumes by default with its own rotating key', () => {
    const key = json.resources('aws_kms_key')[0];
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(json.resources('aws_ebs_encryption_by_default')).toEqual([expect.objectContaining({ enabled: true })]);
    expect(json.resources('aws_ebs_default_kms_key')).toEqual([expect.objectContaining({ key_arn: json.ref(key, 'arn') })]);
    expect(json.resources('aws_kms_alias')[0].name).toBe('alias/platform-ebs-default');
  });

  it('requires IMDSv2 with a hop limit of 2 for new instances', () => {
    expect(json.resources('aws_ec2_instance_metadata_defaults')).toEqual([expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 2, http_endpoint: 'enabled' })]);
  });

  describe('the EBS key policy, simulated', () => {
    const keyPolicy = JSON.parse(json.resources('aws_kms_key')[0].policy as string);
    const viaEc2 = (region: string, account = SIMULATED_ACCOUNT) => ({ 'kms:ViaService': `ec2.${region}.amazonaws.com`, 'kms:CallerAccount': account });
    it.each([
      ["lets the account's principals (Auto Scaling's service-linked role) use it through EC2", 'kms:GenerateDataKeyWithoutPlaintext', viaEc2('eu-central-1'), 'Allowed'],
      ['lets EC2 create grants for the volumes', 'kms:CreateGrant', { ...viaEc2('eu-central-1'), 'kms:GrantIsForAWSResource': 'true' }, 'Allowed'],
      ['refuses grants not for an AWS resource', 'kms:CreateGrant', { ...viaEc2('eu-central-1'), 'kms:GrantIsForAWSResource': 'false' }, 'ImplicitlyDenied'],
      ['refuses EC2 of another region', 'kms:Decrypt', viaEc2('eu-west-1'), 'ImplicitlyDenied'],
      ['refuses a direct call', 'kms:Decrypt', { 'kms:CallerAccount': SIMULATED_ACCOUNT }, 'ImplicitlyDenied'],
    ])('%s', async (_case, action, context, expected) => {
      expect(await decide({ role: 'AWSServiceRoleForAutoScaling', action, resource: KEY, resourcePolicy: keyPolicy, context }, 'nothing')).toBe(expected);
    });
  });

  it('sets the global defaults only where asked: the CIS password policy and the account public access block', () => {
    expect(json.resources('aws_iam_account_password_policy')).toEqual([]);
    expect(json.resources('aws_s3_account_public_access_block')).toEqual([]);
    const global = synth({ global: true });
    expect(global.resources('aws_iam_account_password_policy')).toEqual([
      expect.objectContaining({ minimum_password_length: 14, password_reuse_prevention: 24, max_password_age: 90, require_symbols: true, require_numbers: true, require_uppercase_characters: true, require_lowercase_characters: true }),
    ]);
    expect(global.resources('aws_s3_account_public_access_block')).toEqual([
      expect.objectContaining({ account_id: SIMULATED_ACCOUNT, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]);
  });

  it.each<[string, Partial<AccountDefaultsProps>, RegExp]>([
    ['a short account id', { accountId: '1' }, /accountId: '1' is not a 12-digit account id\. Fix: /],
    ['a region that is no region', { region: 'frankfurt' }, /region: 'frankfurt' is not a region name\. Fix: /],
  ])('refuses %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
