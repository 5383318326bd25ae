import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from '@platform/terraform-testing/iam';
import { GLOBAL_CONFIG_RULES, REGIONAL_CONFIG_RULES, SecurityPosture, SecurityPostureProps } from './security-posture';

const KEY_ARN = `arn:aws:kms:eu-central-1:${SIMULATED_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PROPS: SecurityPostureProps = { namePrefix: 'platform', accountId: SIMULATED_ACCOUNT, region: 'eu-central-1', recorder: { deliveryBucketName: 'platform-config-123456789012', kmsKeyArn: KEY_ARN } };
const PRIMARY: SecurityPostureProps['recorder'] = {
  deliveryBucketName: 'platform-config-123456789012',
  kmsKeyArn: KEY_ARN,
  global: true,
  createBucket: { accessLogs: { targetBucket: 'platform-audit-access-logs-123456789012', targetPrefix: 's3-access/platform-config-123456789012/' }, retentionDays: 365, preventDestroy: true },
};
const synth = (props: Partial<SecurityPostureProps> = {}) => synthJson((scope) => new SecurityPosture(scope, 'posture', { ...PROPS, ...props }));

describe('SecurityPosture', () => {
  it('turns Security Hub on with FSBP and CIS v3.0 explicitly, findings per control', () => {
    const json = synth();
    expect(json.resources('aws_securityhub_account')).toEqual([expect.objectContaining({ enable_default_standards: false, auto_enable_controls: true, control_finding_generator: 'SECURITY_CONTROL' })]);
    expect(json.resources('aws_securityhub_standards_subscription').map(({ standards_arn }) => standards_arn).sort()).toEqual([
      'arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-central-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    ]);
  });

  it('subscribes only the standards asked for, and nothing without the hub', () => {
    expect(synth({ standards: ['aws-foundational-security-best-practices'] }).resources('aws_securityhub_standards_subscription')).toHaveLength(1);
    expect(synth({ standards: [] }).resources('aws_securityhub_standards_subscription')).toEqual([]);
    const off = synth({ securityHub: false });
    expect([off.resources('aws_securityhub_account'), off.resources('aws_securityhub_standards_subscription')]).toEqual([[], []]);
  });

  it("records every resource through Config's service-linked role, continuously, and delivers daily snapshots encrypted to the account's bucket", () => {
    const json = synth();
    const recorder = json.resources('aws_config_configuration_recorder')[0];
    expect(recorder).toMatchObject({
      name: 'default',
      role_arn: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recording_group: { all_supported: true, include_global_resource_types: false },
      recording_mode: { recording_frequency: 'CONTINUOUS' },
    });
    expect(json.resources('aws_config_delivery_channel')[0]).toMatchObject({
      s3_bucket_name: 'platform-config-123456789012',
      s3_key_prefix: 'config',
      s3_kms_key_arn: KEY_ARN,
      snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
    });
    expect(json.resources('aws_config_configuration_recorder_status')[0]).toMatchObject({ is_enabled: true, name: json.ref(recorder, 'name') });
    expect(json.resources('aws_s3_bucket')).toEqual([]);
    expect(json.resources('aws_iam_service_linked_role')).toEqual([]);
  });

  it('checks the regional Config rules everywhere, the global ones only where global resources are recorded', () => {
    const names = (json: ReturnType<typeof synth>) => json.resources('aws_config_config_rule').map(({ name }) => name).sort();
    expect(names(synth())).toEqual(Object.keys(REGIONAL_CONFIG_RULES).map((rule) => `platform-${rule}`).sort());
    const primary = synth({ recorder: PRIMARY });
    expect(names(primary)).toEqual(Object.keys({ ...REGIONAL_CONFIG_RULES, ...GLOBAL_CONFIG_RULES }).map((rule) => `platform-${rule}`).sort());
    expect(JSON.parse(primary.resources('aws_config_config_rule').find(({ name }) => name === 'platform-iam-password-policy')?.input_parameters as string)).toMatchObject({ MinimumPasswordLength: '14', PasswordReusePrevention: '24' });
    expect(primary.resources('aws_config_config_rule').every(({ depends_on }) => (depends_on as string[]).some((dependency) => dependency.startsWith('aws_config_configuration_recorder.')))).toBe(true);
  });

  describe('in the primary region', () => {
    const json = synth({ recorder: PRIMARY });
    it("records global resources, creates Config's service-linked role and the account's Config bucket, its access logged", () => {
      const role = json.resources('aws_iam_service_linked_role')[0];
      expect(role.aws_service_name).toBe('config.amazonaws.com');
      expect(json.resources('aws_config_configuration_recorder')[0]).toMatchObject({ role_arn: json.ref(role, 'arn'), recording_group: { include_global_resource_types: true } });
      expect(json.resources('aws_s3_bucket')[0]).toMatchObject({ bucket: 'platform-config-123456789012' });
      expect(json.resources('aws_s3_bucket_logging')[0]).toMatchObject({ target_bucket: 'platform-audit-access-logs-123456789012' });
      expect(json.resources('aws_s3_bucket_lifecycle_configuration')[0].rule).toEqual([expect.objectContaining({ expiration: [{ days: 365 }] })]);
    });

    const bucketPolicy = JSON.parse(json.resources('aws_s3_bucket_policy')[0].policy as string);
    const config = (action: string, resource: string, account = SIMULATED_ACCOUNT) =>
      decide(
        {
          role: 'config.amazonaws.com',
          service: true,
          action,
          resource,
          resourcePolicy: bucketPolicy,
          // Only an upload carries an ACL header.
          context: { 'aws:SourceAccount': account, 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', ...(action === 's3:PutObject' ? { 's3:x-amz-acl': 'bucket-owner-full-control' } : {}) },
        },
        'nothing',
      );
    it.each([
      ['lets Config of this account check the bucket', 's3:GetBucketAcl', 'arn:aws:s3:::platform-config-123456789012', SIMULATED_ACCOUNT, 'Allowed'],
      ['lets Config of this account deliver snapshots, from any region', 's3:PutObject', `arn:aws:s3:::platform-config-123456789012/config/AWSLogs/${SIMULATED_ACCOUNT}/Config/eu-west-1/snapshot.json.gz`, SIMULATED_ACCOUNT, 'Allowed'],
      ['refuses Config of another account', 's3:PutObject', 'arn:aws:s3:::platform-config-123456789012/config/AWSLogs/210987654321/Config/x', '210987654321', 'ImplicitlyDenied'],
      ['refuses objects outside the Config prefix', 's3:PutObject', 'arn:aws:s3:::platform-config-123456789012/other', SIMULATED_ACCOUNT, 'ImplicitlyDenied'],
    ])('%s', async (_case, action, resource, account, expected) => {
      expect(await config(action, resource, account)).toBe(expected);
    });
  });

  it('has no recorder, channel or rules without the recorder', () => {
    const json = synth({ recorder: undefined, standards: [] });
    expect(['aws_config_configuration_recorder', 'aws_config_delivery_channel', 'aws_config_configuration_recorder_status', 'aws_config_config_rule'].map((type) => json.resources(type).length)).toEqual([0, 0, 0, 0]);
  });

  it.each<[string, Partial<SecurityPostureProps>, RegExp]>([
    ['standards without a recorder', { recorder: undefined }, /standards: need the Config recorder: the controls of a standard are Config rules\. Fix: /],
    ['an unknown standard', { standards: ['pci-dss' as 'cis-aws-foundations-benchmark'] }, /standards: 'pci-dss' is not a standard\. Fix: /],
    ['a bucket to create without its key', { recorder: { ...PRIMARY, kmsKeyArn: undefined } as SecurityPostureProps['recorder'] }, /recorder\.kmsKeyArn: is missing, but the bucket it would encrypt is created here\. Fix: /],
    ['a short account id', { accountId: '1' }, /accountId: '1' is not a 12-digit account id\. Fix: /],
  ])('refuses %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
