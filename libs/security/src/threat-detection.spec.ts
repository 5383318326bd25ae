import { synthJson } from '@platform/terraform-testing';
import { ThreatDetection, ThreatDetectionProps } from './threat-detection';

const synth = (props: ThreatDetectionProps = {}) => synthJson((scope) => new ThreatDetection(scope, 'guardduty', props));
/** Each feature's status, and its agents' statuses where it has any. */
const features = (json: ReturnType<typeof synth>) =>
  Object.fromEntries(
    json.resources('aws_guardduty_detector_feature').map(({ name, status, additional_configuration }) => [
      name,
      additional_configuration === undefined ? status : [status, Object.fromEntries((additional_configuration as { name: string; status: string }[]).map((agent) => [agent.name, agent.status]))],
    ]),
  );

describe('ThreatDetection', () => {
  it('turns the detector on, publishing findings every 15 minutes', () => {
    expect(synth().resources('aws_guardduty_detector')).toEqual([expect.objectContaining({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' })]);
  });

  it('protects S3, EKS audit logs, RDS logins and EKS runtime with the managed add-on by default', () => {
    const json = synth();
    expect(json.resources('aws_guardduty_detector_feature').every((feature) => feature.detector_id === json.ref(json.resources('aws_guardduty_detector')[0], 'id'))).toBe(true);
    expect(features(json)).toEqual({
      S3_DATA_EVENTS: 'ENABLED',
      EKS_AUDIT_LOGS: 'ENABLED',
      RDS_LOGIN_EVENTS: 'ENABLED',
      RUNTIME_MONITORING: ['ENABLED', { EKS_ADDON_MANAGEMENT: 'ENABLED', ECS_FARGATE_AGENT_MANAGEMENT: 'DISABLED', EC2_AGENT_MANAGEMENT: 'DISABLED' }],
    });
  });

  it.each<[keyof ThreatDetectionProps, string]>([
    ['s3Protection', 'S3_DATA_EVENTS'],
    ['eksAuditLogs', 'EKS_AUDIT_LOGS'],
    ['rdsLoginProtection', 'RDS_LOGIN_EVENTS'],
  ])('sends %s turned off as DISABLED', (prop, feature) => {
    expect(features(synth({ [prop]: false }))[feature]).toBe('DISABLED');
  });

  it('manages the agents asked for, and disables runtime monitoring with none', () => {
    expect(features(synth({ runtimeMonitoring: ['ECS_FARGATE'] })).RUNTIME_MONITORING).toEqual(['ENABLED', { EKS_ADDON_MANAGEMENT: 'DISABLED', ECS_FARGATE_AGENT_MANAGEMENT: 'ENABLED', EC2_AGENT_MANAGEMENT: 'DISABLED' }]);
    expect(features(synth({ runtimeMonitoring: [] })).RUNTIME_MONITORING).toEqual(['DISABLED', { EKS_ADDON_MANAGEMENT: 'DISABLED', ECS_FARGATE_AGENT_MANAGEMENT: 'DISABLED', EC2_AGENT_MANAGEMENT: 'DISABLED' }]);
  });

  it('never sets the superseded EKS_RUNTIME_MONITORING next to RUNTIME_MONITORING', () => {
    expect(Object.keys(features(synth()))).not.toContain('EKS_RUNTIME_MONITORING');
  });

  it('refuses an unknown agent', () => {
    expect(() => synth({ runtimeMonitoring: ['LAMBDA' as 'EKS'] })).toThrow(/runtimeMonitoring: 'LAMBDA' is not a runtime agent\. Fix: /);
  });
});
