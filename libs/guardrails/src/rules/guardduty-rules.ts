import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, isFalse, isTrue } from '../terraform-values';

const DETECTOR = ['aws_guardduty_detector'];

/** The status of each aws_guardduty_detector_feature of this stack on `detector`, by feature name. */
function featureStatuses(detector: StackResource, stack: StackIndex): Map<string, string> {
  return new Map(stack.referencing('aws_guardduty_detector_feature', detector, 'detector_id').map(({ config }) => [String(config.name), String(config.status)]));
}

/**
 * A production rule that one of `features` is ENABLED on the detector, or that the legacy `datasources` block turns
 * it on (`legacy` reads it). Development may turn these off for cost, hence production only.
 */
function featureRule(id: string, complianceIds: string[], protection: string, features: string[], legacy?: (detector: StackResource) => boolean): Rule {
  return {
    id,
    checkovIds: [],
    complianceIds,
    severity: 'error',
    resourceTypes: DETECTOR,
    productionOnly: true,
    description: `Production detectors have ${protection} on (aws_guardduty_detector_feature ${features.join(' or ')} ENABLED).`,
    fix: `add an aws_guardduty_detector_feature with detector_id = the detector's id, name = "${features[0]}" and status = "ENABLED"`,
    check(detector, stack) {
      const statuses = featureStatuses(detector, stack);
      if (features.some((feature) => statuses.get(feature) === 'ENABLED') || legacy?.(detector)) return undefined;
      const declared = features.filter((feature) => statuses.has(feature));
      return declared.length === 0 ? `has no ${features.join(' or ')} feature` : declared.map((feature) => `${feature} is ${statuses.get(feature)}`).join(', ');
    },
  };
}

const datasource = (detector: StackResource, ...path: string[]) =>
  isTrue(path.reduce<Record<string, unknown> | undefined>((block, key) => blockOf(block?.[key]), detector.config)?.enable);

export const GUARDDUTY_RULES: readonly Rule[] = [
  {
    id: 'PLAT-GD-001',
    checkovIds: ['CKV2_AWS_3'],
    complianceIds: ['FSBP-GuardDuty.1'],
    severity: 'error',
    resourceTypes: DETECTOR,
    description: 'GuardDuty detectors are enabled (enable is not false).',
    fix: 'remove enable = false; to save cost outside production turn off features, not the detector',
    check: ({ config }) => (isFalse(config.enable) ? 'enable is false' : undefined),
  },
  featureRule('PLAT-GD-002', ['FSBP-GuardDuty.10'], 'S3 Protection (CloudTrail S3 data events analysed)', ['S3_DATA_EVENTS'], (detector) => datasource(detector, 'datasources', 's3_logs')),
  featureRule('PLAT-GD-003', ['FSBP-GuardDuty.5'], 'EKS Audit Log Monitoring', ['EKS_AUDIT_LOGS'], (detector) => datasource(detector, 'datasources', 'kubernetes', 'audit_logs')),
  featureRule('PLAT-GD-004', ['FSBP-GuardDuty.7'], 'runtime monitoring of EKS nodes', ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']),
  featureRule('PLAT-GD-005', ['FSBP-GuardDuty.9'], 'RDS Protection (database login activity analysed)', ['RDS_LOGIN_EVENTS']),
];
