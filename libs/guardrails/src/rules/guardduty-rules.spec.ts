import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { GUARDDUTY_RULES } from './guardduty-rules';

const ALL_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'RDS_LOGIN_EVENTS'];

/** A detector with `features` ENABLED and every other one of ALL_FEATURES DISABLED. */
function detector(stack: TerraformStack, features: readonly string[] = ALL_FEATURES, enable = true): GuarddutyDetector {
  const resource = new GuarddutyDetector(stack, 'Detector', { enable });
  for (const name of ALL_FEATURES) new GuarddutyDetectorFeature(stack, `Feature-${name}`, { detectorId: resource.id, name, status: features.includes(name) ? 'ENABLED' : 'DISABLED' });
  return resource;
}
const without = (feature: string) => (stack: TerraformStack) => detector(stack, ALL_FEATURES.filter((name) => name !== feature));

describe('GuardDuty rules', () => {
  testRulePack(GUARDDUTY_RULES, (stack) => detector(stack), {
    'PLAT-GD-001': [{ name: 'a disabled detector', build: (stack) => detector(stack, ALL_FEATURES, false), path: 'Detector', problem: 'enable is false' }],
    'PLAT-GD-002': [
      { name: 'S3 protection disabled', build: without('S3_DATA_EVENTS'), path: 'Detector', problem: 'S3_DATA_EVENTS is DISABLED' },
      { name: 'no feature resources at all', build: (stack) => new GuarddutyDetector(stack, 'Detector', {}), path: 'Detector', problem: 'has no S3_DATA_EVENTS feature' },
    ],
    'PLAT-GD-003': [{ name: 'EKS audit logs disabled', build: without('EKS_AUDIT_LOGS'), path: 'Detector', problem: 'EKS_AUDIT_LOGS is DISABLED' }],
    'PLAT-GD-004': [{ name: 'runtime monitoring disabled', build: without('RUNTIME_MONITORING'), path: 'Detector', problem: 'RUNTIME_MONITORING is DISABLED' }],
    'PLAT-GD-005': [{ name: 'RDS protection disabled', build: without('RDS_LOGIN_EVENTS'), path: 'Detector', problem: 'RDS_LOGIN_EVENTS is DISABLED' }],
  });

  it('lets non-production accounts turn the costly features off', () => {
    for (const id of ['PLAT-GD-002', 'PLAT-GD-003', 'PLAT-GD-004', 'PLAT-GD-005']) expect(findingsOf(id, (stack) => detector(stack, []), false)).toEqual([]);
  });

  it('accepts the legacy datasources block for S3 and EKS audit logs', () => {
    const legacy = (stack: TerraformStack) => new GuarddutyDetector(stack, 'Detector', { datasources: { s3Logs: { enable: true }, kubernetes: { auditLogs: { enable: true } } } });
    expect([...findingsOf('PLAT-GD-002', legacy), ...findingsOf('PLAT-GD-003', legacy)]).toEqual([]);
  });
});

describe('GuardDuty rules at the edge of their conditions', () => {
  it('PLAT-GD-004 accepts EKS runtime monitoring (the older feature name) alone', () => {
    const build = (stack: TerraformStack) => {
      const resource = new GuarddutyDetector(stack, 'Detector', { enable: true });
      new GuarddutyDetectorFeature(stack, 'Eks', { detectorId: resource.id, name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED' });
    };
    expect(findingsOf('PLAT-GD-004', build)).toEqual([]);
  });

  it('PLAT-GD-004 names both of its features when neither is declared, and each disabled one', () => {
    const problems = (build: (stack: TerraformStack) => void) => findingsOf('PLAT-GD-004', build).map(({ problem }) => problem);
    expect(problems((stack) => new GuarddutyDetector(stack, 'Detector', { enable: true }))).toEqual(['has no RUNTIME_MONITORING or EKS_RUNTIME_MONITORING feature']);
    const bothDisabled = (stack: TerraformStack) => {
      const resource = new GuarddutyDetector(stack, 'Detector', { enable: true });
      new GuarddutyDetectorFeature(stack, 'Runtime', { detectorId: resource.id, name: 'RUNTIME_MONITORING', status: 'DISABLED' });
      new GuarddutyDetectorFeature(stack, 'Eks', { detectorId: resource.id, name: 'EKS_RUNTIME_MONITORING', status: 'DISABLED' });
    };
    expect(problems(bothDisabled)).toEqual(['RUNTIME_MONITORING is DISABLED, EKS_RUNTIME_MONITORING is DISABLED']);
  });

  it('PLAT-GD-002 reads a legacy datasources block that turns S3 logs off', () => {
    const build = (stack: TerraformStack) => new GuarddutyDetector(stack, 'Detector', { datasources: { s3Logs: { enable: false } } });
    expect(findingsOf('PLAT-GD-002', build).map(({ problem }) => problem)).toEqual(['has no S3_DATA_EVENTS feature']);
  });
});
