import { blocksOf, stringsOf } from '@platform/guardrails';
import type { ModelResource, PlatformModel } from './platform-model';

/** An IAM policy document as AWS reads it. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** A role of the environment with everything that decides what it may do and who may assume it. */
export interface RolePolicies {
  readonly role: ModelResource;
  readonly name: string;
  readonly arn: string;
  /** Inline and customer managed policies, resolved. */
  readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  /** ARNs of attached AWS managed policies (their documents are not in the repository). */
  readonly awsManagedPolicyArns: readonly string[];
  readonly trustPolicy?: PolicyDocument;
}

/**
 * Every IAM role of the model with its policies, read from wherever Terraform keeps them: `assume_role_policy` and
 * `inline_policy` of the role, `aws_iam_role_policy`, `aws_iam_role_policy_attachment` (customer managed
 * `aws_iam_policy` documents are resolved; AWS managed ones are listed by ARN), and `aws_iam_policy_document` data
 * sources, rendered as Terraform renders them. Secret ARNs, by reference to the secret or to an
 * `aws_secretsmanager_secret` data source of its name, are in the form AWS gives them ({@link namedSecretArn}).
 */
export function rolePolicies(model: PlatformModel): RolePolicies[] {
  const secrets = model.resources('aws_secretsmanager_secret');
  const secretArns = new Map(secrets.map((secret) => [String(model.attribute(secret, 'arn')), namedSecretArn(model, secret)]));
  // A secret looked up by name (a secondary region reads the replicas of the primary's secrets so) is that secret.
  for (const lookup of model.resources('data.aws_secretsmanager_secret')) {
    const secret = secrets.find((candidate) => candidate.values.name === lookup.values.name);
    if (secret !== undefined) secretArns.set(String(model.attribute(lookup, 'arn')), namedSecretArn(model, secret));
  }
  const documentOf = (stack: string, raw: unknown) => withNamedSecretArns(resolvedDocument(model, stack, raw), secretArns);
  const customerPolicies = new Map(model.resources('aws_iam_policy').map((policy) => [String(model.attribute(policy, 'arn')), policy]));
  return model.resources('aws_iam_role').map((role) => {
    const name = String(role.values.name);
    const belongs = (attachment: ModelResource) => referencesRole(attachment, role);
    const policies = [
      ...blocksOf(role.values.inline_policy).map((inline) => ({ name: String(inline.name), document: documentOf(role.stack, inline.policy) })),
      ...model
        .resources('aws_iam_role_policy')
        .filter(belongs)
        .map((policy) => ({ name: String(policy.values.name ?? policy.name), document: documentOf(policy.stack, policy.raw.policy) })),
    ];
    const awsManagedPolicyArns: string[] = [];
    for (const attachment of model.resources('aws_iam_role_policy_attachment').filter(belongs)) {
      const arn = String(attachment.values.policy_arn);
      const customer = customerPolicies.get(arn);
      if (customer) policies.push({ name: String(customer.values.name), document: documentOf(customer.stack, customer.raw.policy) });
      else awsManagedPolicyArns.push(arn);
    }
    const trust = role.raw.assume_role_policy;
    return {
      role,
      name,
      arn: String(model.attribute(role, 'arn')),
      policies,
      awsManagedPolicyArns,
      trustPolicy: trust === undefined ? undefined : documentOf(role.stack, trust),
    };
  });
}

/** Whether a policy or attachment's `role` argument names this role (by reference in its stack, or by name). */
function referencesRole(attachment: ModelResource, role: ModelResource): boolean {
  const reference = /^\$\{aws_iam_role\.([\w-]+)\.(id|name)\}$/.exec(String(attachment.raw.role));
  if (reference) return attachment.stack === role.stack && reference[1] === role.name;
  return attachment.values.role === role.values.name;
}

/**
 * A policy argument as a document: a JSON string (references resolved), or a reference to an
 * `aws_iam_policy_document` data source, rendered from its statements.
 */
function resolvedDocument(model: PlatformModel, stack: string, raw: unknown): PolicyDocument {
  const dataSource = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(raw));
  if (dataSource) {
    const document = model.resources('data.aws_iam_policy_document').find((candidate) => candidate.stack === stack && candidate.name === dataSource[1]);
    if (document === undefined) throw new Error(`${stack}: no data.aws_iam_policy_document.${dataSource[1]}`);
    return renderPolicyDocument(document.values);
  }
  const resolved = model.resolve(stack, raw);
  return (typeof resolved === 'string' ? JSON.parse(resolved) : resolved) as PolicyDocument;
}

/**
 * The ARN of a Secrets Manager secret as AWS forms it, `…:secret:<name>-<6 random characters>`, which the IAM
 * simulator recognises as a secret (the offline placeholder is not); policies that name the secret by reference get
 * the same ARN (see {@link rolePolicies}), so a request for it matches them, and so does a policy's `<prefix>/*`.
 */
export function namedSecretArn(model: PlatformModel, secret: ModelResource): string {
  const [arn, partition, , region, account] = String(model.attribute(secret, 'arn')).split(':');
  return [arn, partition, 'secretsmanager', region, account, 'secret', `${String(secret.values.name)}-AbCdEf`].join(':');
}

/** A document with every placeholder secret ARN replaced by the secret's named ARN. */
function withNamedSecretArns(document: PolicyDocument, secretArns: ReadonlyMap<string, string>): PolicyDocument {
  let text = JSON.stringify(document);
  for (const [placeholder, named] of secretArns) text = text.split(placeholder).join(named);
  return JSON.parse(text) as PolicyDocument;
}

/** An `aws_iam_policy_document`'s arguments rendered to the JSON document Terraform produces. */
export function renderPolicyDocument(values: Readonly<Record<string, unknown>>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: blocksOf(values.statement).map((statement) => {
      const rendered: Record<string, unknown> = { Effect: statement.effect ?? 'Allow' };
      if (statement.sid !== undefined) rendered.Sid = statement.sid;
      for (const [argument, key] of [
        ['actions', 'Action'],
        ['not_actions', 'NotAction'],
        ['resources', 'Resource'],
        ['not_resources', 'NotResource'],
      ] as const) {
        if (statement[argument] !== undefined) rendered[key] = stringsOf(statement[argument]);
      }
      const principals = blocksOf(statement.principals);
      if (principals.length > 0) {
        rendered.Principal = Object.fromEntries(principals.map((principal) => [String(principal.type), stringsOf(principal.identifiers)]));
      }
      const conditions: Record<string, Record<string, string[]>> = {};
      for (const condition of blocksOf(statement.condition)) {
        const test = String(condition.test);
        conditions[test] = { ...conditions[test], [String(condition.variable)]: stringsOf(condition.values) };
      }
      if (Object.keys(conditions).length > 0) rendered.Condition = conditions;
      return rendered;
    }),
  };
}

/** Every action a document names in `Action` (not `NotAction`). */
export function actionsOf(document: PolicyDocument): string[] {
  return document.Statement.flatMap((statement) => stringsOf(statement.Action));
}

/** An IAM wildcard pattern (`*` any run of characters, `?` one) as a regular expression. */
export function iamWildcard(pattern: string, flags = ''): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);
}

const GITHUB_SUBJECT_KEY = 'token.actions.githubusercontent.com:sub';

/**
 * Whether a GitHub Actions job whose token has the subject claim `subject` (e.g. `repo:owner/name:pull_request`) may
 * assume the role, over-approximated for checks of who must not: any allowing web-identity statement whose subject
 * condition (StringEquals or StringLike, either suffices here) admits it, or that has no subject condition at all.
 */
export function trustsGithubSubject(role: RolePolicies, subject: string): boolean {
  return (role.trustPolicy?.Statement ?? []).some((statement) => {
    if (statement.Effect !== 'Allow' || !stringsOf(statement.Action).some((action) => iamWildcard(action, 'i').test('sts:AssumeRoleWithWebIdentity'))) return false;
    const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    const values = (test: string) => stringsOf(conditions[test]?.[GITHUB_SUBJECT_KEY]);
    const [exact, patterns] = [values('StringEquals'), values('StringLike')];
    if (exact.length === 0 && patterns.length === 0) return JSON.stringify(statement.Principal ?? '').includes('Federated');
    return exact.includes(subject) || patterns.some((pattern) => iamWildcard(pattern).test(subject));
  });
}
