import { StackIndex } from './stack-index';
import { blocksOf, stringsOf } from './terraform-values';

/** A condition of a policy statement: `<test>` on `<variable>` against `values`, e.g. `Bool aws:SecureTransport [false]`. */
export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/**
 * A principal of a resource or trust policy statement: `AWS`, `Service`, `Federated` or `CanonicalUser` and its
 * identifiers; `Principal: "*"` reads as type `*` with identifier `*` (as aws_iam_policy_document writes it).
 */
export interface PolicyPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One statement of an IAM or resource policy, in one shape whatever form the document was written in. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** `NotAction`: the statement covers every action but these. */
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  /** `Principal` of a resource or trust policy; empty in identity policies. */
  readonly principals: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyCondition[];
}

/** Whether a principal list includes everyone: `"*"` or `{"AWS": "*"}`. */
export function includesAnyone(principals: readonly PolicyPrincipal[]): boolean {
  return principals.some(({ type, identifiers }) => (type === '*' || type === 'AWS') && identifiers.includes('*'));
}

const DATA_SOURCE_DOCUMENT = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.(?:json|minified_json)\}$/;

/**
 * The statements of a policy argument as it appears in synthesized JSON: a JSON document string (`JSON.stringify`
 * or `jsonencode` output, possibly holding `${...}` references inside its strings) or a reference to an
 * `aws_iam_policy_document` data source of the same stack (its source and override documents included).
 * Undefined when the document is only known at apply time (a composite expression, a cross-stack reference).
 */
export function policyStatements(policy: unknown, stack: StackIndex): PolicyStatement[] | undefined {
  if (typeof policy !== 'string') return undefined;
  const dataSource = DATA_SOURCE_DOCUMENT.exec(policy);
  if (dataSource) return dataSourceStatements(stack, dataSource[1]);
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return undefined;
  }
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  return blocksOf(statements).map(jsonStatement);
}

function jsonStatement(statement: Record<string, unknown>): PolicyStatement {
  const conditions = Object.entries(blocksOf(statement.Condition)[0] ?? {}).flatMap(([test, variables]) =>
    Object.entries(blocksOf(variables)[0] ?? {}).map(([variable, values]) => ({
      test,
      variable,
      values: (Array.isArray(values) ? values : [values]).map(String),
    })),
  );
  return {
    sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: stringsOf(statement.Action),
    notActions: stringsOf(statement.NotAction),
    resources: stringsOf(statement.Resource),
    principals: jsonPrincipals(statement.Principal),
    conditions,
  };
}

function jsonPrincipals(principal: unknown): PolicyPrincipal[] {
  if (principal === '*') return [{ type: '*', identifiers: ['*'] }];
  return Object.entries(blocksOf(principal)[0] ?? {}).map(([type, identifiers]) => ({ type, identifiers: stringsOf(identifiers) }));
}

function dataSourceStatements(stack: StackIndex, name: string): PolicyStatement[] | undefined {
  const document = stack.dataSource('aws_iam_policy_document', name);
  if (document === undefined) return undefined;
  const included = [...stringsOf(document.source_policy_documents), ...stringsOf(document.override_policy_documents)].map((source) =>
    policyStatements(source, stack),
  );
  if (included.some((statements) => statements === undefined)) return undefined;
  const own = blocksOf(document.statement).map((statement) => ({
    sid: typeof statement.sid === 'string' ? statement.sid : undefined,
    effect: statement.effect === 'Deny' ? ('Deny' as const) : ('Allow' as const),
    actions: stringsOf(statement.actions),
    notActions: stringsOf(statement.not_actions),
    resources: stringsOf(statement.resources),
    principals: blocksOf(statement.principals).map((principal) => ({ type: String(principal.type), identifiers: stringsOf(principal.identifiers) })),
    conditions: blocksOf(statement.condition).map((condition) => ({
      test: String(condition.test),
      variable: String(condition.variable),
      values: (Array.isArray(condition.values) ? condition.values : [condition.values]).map(String),
    })),
  }));
  return [...included.flatMap((statements) => statements ?? []), ...own];
}
