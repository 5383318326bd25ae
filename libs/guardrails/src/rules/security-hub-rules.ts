import { Rule } from '../rule';
import { StackIndex } from '../stack-index';
import { isFalse } from '../terraform-values';

const HUB = ['aws_securityhub_account'];

/** The standards_arn of every standards subscription of the stack. */
const subscribed = (stack: StackIndex) => stack.ofType('aws_securityhub_standards_subscription').map(({ config }) => String(config.standards_arn));

export const SECURITY_HUB_RULES: readonly Rule[] = [
  {
    id: 'PLAT-SH-001',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    // Each standard's controls are AWS Config rule evaluations, billed per check: development may subscribe to none.
    productionOnly: true,
    resourceTypes: HUB,
    description: 'Security Hub runs the AWS Foundational Security Best Practices standard: a subscription of this stack, or the default standards left on.',
    fix: 'add an aws_securityhub_standards_subscription with standards_arn "arn:<partition>:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0"',
    check(hub, stack) {
      if (subscribed(stack).some((arn) => arn.includes('standards/aws-foundational-security-best-practices/'))) return undefined;
      return isFalse(hub.config.enable_default_standards) ? 'enable_default_standards is false and no FSBP subscription exists' : undefined;
    },
  },
  {
    id: 'PLAT-SH-002',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    // Each standard's controls are AWS Config rule evaluations, billed per check: development may subscribe to none.
    productionOnly: true,
    resourceTypes: HUB,
    description: 'Security Hub runs the CIS AWS Foundations Benchmark v3.0.0 or later (the default standards bring the superseded v1.2.0 only).',
    fix: 'add an aws_securityhub_standards_subscription with standards_arn "arn:<partition>:securityhub:<region>::standards/cis-aws-foundations-benchmark/v/3.0.0"',
    check(_hub, stack) {
      const versions = subscribed(stack).flatMap((arn) => /standards\/cis-aws-foundations-benchmark\/v\/(\d+)\./.exec(arn)?.[1] ?? []);
      if (versions.some((major) => Number(major) >= 3)) return undefined;
      return versions.length === 0 ? 'no CIS AWS Foundations Benchmark subscription exists' : 'subscribes only to CIS AWS Foundations Benchmark versions before 3.0.0';
    },
  },
];
