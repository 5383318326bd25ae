import { synthJson } from '@platform/terraform-testing';
import { ApplicationLogGroups, ApplicationLogGroupsProps } from './log-groups';

const PROPS: ApplicationLogGroupsProps = {
  namePrefix: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  logGroups: { '/platform/test/application': {}, '/aws/containerinsights/platform-test/performance': { retentionDays: 7 } },
};
const synth = (props: Partial<ApplicationLogGroupsProps> = {}) => synthJson((scope) => new ApplicationLogGroups(scope, 'log-groups', { ...PROPS, ...props }));

describe('ApplicationLogGroups', () => {
  const json = synth();
  const key = json.resource('aws_kms_key', 'Key');

  it('creates each group with its retention (30 days by default), encrypted with the own rotating key', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(json.resource('aws_kms_alias', 'KeyAlias').name).toBe('alias/platform-test-log-groups');
    expect(json.resources('aws_cloudwatch_log_group').map((group) => [group.name, group.retention_in_days, group.kms_key_id]).sort()).toEqual([
      ['/aws/containerinsights/platform-test/performance', 7, json.ref(key, 'arn')],
      ['/platform/test/application', 30, json.ref(key, 'arn')],
    ]);
  });

  it('lets the regional CloudWatch Logs service use the key for these groups only', () => {
    const statements = JSON.parse(key.policy as string).Statement;
    expect(statements.map((statement: { Sid: string }) => statement.Sid)).toEqual(['AccountAdministers', 'CloudWatchLogsEncryptsTheseLogGroupsOnly']);
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': [
            'arn:aws:logs:eu-central-1:123456789012:log-group:/platform/test/application',
            'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/containerinsights/platform-test/performance',
          ],
        },
      },
    });
  });

  it("lays out an environment's groups as seed 003 does", () => {
    expect(ApplicationLogGroups.forEnvironment('platform', 'production')).toEqual({ '/platform/production/application': { retentionDays: 30 } });
  });

  it('keys groups by name: adding one only adds it', () => {
    const before = json.resources('aws_cloudwatch_log_group').map((group) => group.logicalId);
    const after = synth({ logGroups: { ...PROPS.logGroups, '/platform/test/audit': { retentionDays: 365 } } })
      .resources('aws_cloudwatch_log_group')
      .map((group) => group.logicalId);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(3);
  });

  it.each<[string, Partial<ApplicationLogGroupsProps>, RegExp]>([
    ['a retention CloudWatch does not offer', { logGroups: { '/platform/test/application': { retentionDays: 45 } } }, /log-groups: logGroups.\/platform\/test\/application.retentionDays: 45 is not a retention CloudWatch Logs accepts. Fix: use one of 1, 3, 5, 7/],
    ['a name with spaces', { logGroups: { '/platform/test app': {} } }, /logGroups.\/platform\/test app: '\/platform\/test app' is not a CloudWatch Logs group name/],
    ['no group', { logGroups: {} }, /logGroups: no log group is defined/],
    ['a region typo', { region: 'eu-central' }, /region: 'eu-central' is not a region name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
