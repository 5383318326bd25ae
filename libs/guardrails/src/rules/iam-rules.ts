import { policyStatements } from '../policy-document';
import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blocksOf, stringsOf } from '../terraform-values';

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const ANY_ACTION = ['*', '*:*'];

/** The identity policy documents a resource defines: `policy`, or the `inline_policy` blocks of a role. */
function documentsOf({ type, config }: StackResource): { label: string; policy: unknown }[] {
  if (type === 'aws_iam_role') {
    return blocksOf(config.inline_policy).map((inline, index) => ({ label: `inline_policy ${String(inline.name ?? index)}`, policy: inline.policy }));
  }
  return [{ label: 'policy', policy: config.policy }];
}

function adminProblems(resource: StackResource, stack: StackIndex): string[] {
  return documentsOf(resource).flatMap(({ label, policy }) => {
    const statements = policyStatements(policy, stack);
    if (statements === undefined) return [`${label} is known only at apply time, so it cannot be checked`];
    return statements
      .filter(({ effect, actions, resources }) => effect === 'Allow' && actions.some((action) => ANY_ACTION.includes(action)) && resources.includes('*'))
      .map(({ sid }) => `${label} allows every action on every resource${sid ? ` (statement ${sid})` : ''}`);
  });
}

export const IAM_RULES: readonly Rule[] = [
  {
    id: 'PLAT-IAM-001',
    checkovIds: ['CKV_AWS_62', 'CKV_AWS_1'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
    description: 'No identity policy (managed, inline, or a role inline_policy) allows Action "*" on Resource "*".',
    fix: 'grant the actions the workload calls on the resources it uses; write policies as JSON strings or aws_iam_policy_document so they can be checked at synth',
    check: (resource, stack) => adminProblems(resource, stack).join('; ') || undefined,
  },
  {
    id: 'PLAT-IAM-002',
    checkovIds: ['CKV_AWS_274'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role'],
    description: 'No role, user or group gets the AWS managed AdministratorAccess policy.',
    fix: 'attach a policy scoped to what the principal does; break-glass administrators come from IAM Identity Center, not Terraform',
    check({ type, config }) {
      const arns = type === 'aws_iam_role' ? stringsOf(config.managed_policy_arns) : stringsOf(config.policy_arn);
      const admin = arns.find((arn) => ADMINISTRATOR_ACCESS.test(arn));
      return admin === undefined ? undefined : `attaches ${admin}`;
    },
  },
];
