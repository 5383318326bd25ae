import { synthJson } from '@platform/terraform-testing';
import { ServiceLogsKey, ServiceLogsKeyProps } from './service-logs-key';

const PROPS: ServiceLogsKeyProps = { alias: 'storymagic-production-service-logs', accountId: '123456789012', region: 'eu-central-1', logGroupNames: ['/ecs/storymagic-api', 'aws-waf-logs-storymagic-*'] };
const synth = (props: Partial<ServiceLogsKeyProps> = {}) => synthJson((scope) => new ServiceLogsKey(scope, 'logs-key', { ...PROPS, ...props }));

describe('ServiceLogsKey', () => {
  it('lets CloudWatch Logs of its region encrypt only the named log groups, and rotates yearly', () => {
    const key = synth().resources('aws_kms_key')[0];
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const statement = JSON.parse(key.policy as string).Statement[1];
    expect(statement.Principal).toEqual({ Service: 'logs.eu-central-1.amazonaws.com' });
    expect(statement.Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': [
          'arn:aws:logs:eu-central-1:123456789012:log-group:/ecs/storymagic-api',
          'arn:aws:logs:eu-central-1:123456789012:log-group:aws-waf-logs-storymagic-*',
        ],
      },
    });
  });

  it('can be destroyed outside production', () => {
    expect(synth({ preventDestroy: false }).resources('aws_kms_key')[0]).toMatchObject({ lifecycle: { prevent_destroy: false } });
  });

  it('refuses an empty list of log groups, which would make the key useless', () => {
    expect(() => synth({ logGroupNames: [] })).toThrow(/logGroupNames: is empty\. Fix: name the log groups/);
  });
});
