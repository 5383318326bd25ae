import { ConstructValidationError } from '@platform/core';
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Rule } from './rule';
import { PLATFORM_RULES } from './rules/platform-rules';
import { TerraformJson } from './stack-index';

/** A rule switched off for every resource under one construct, with the reason why. */
export interface Suppression {
  readonly ruleId: string;
  /** Construct path the suppression was made at; it covers this path and everything under it. */
  readonly path: string;
  readonly reason: string;
}

/** Shortest reason accepted: a word like "legacy" explains nothing (cdk-nag's minimum as well). */
export const MIN_SUPPRESSION_REASON_LENGTH = 10;

/**
 * Carries a suppression into the stack's synthesized JSON, under the top-level `//` comment Terraform ignores
 * (`"//": { "guardrails": { "suppressions": { ... } } }`), so whoever evaluates `cdk.tf.json` later — synth, CI,
 * a script — sees the same suppressions as the construct tree.
 */
class SuppressionRecord extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    readonly suppression: Suppression,
  ) {
    super(scope, id);
  }

  override toTerraform(): unknown {
    const { ruleId, path } = this.suppression;
    return { '//': { guardrails: { suppressions: { [`${ruleId} ${path}`]: this.suppression } } } };
  }
}

/**
 * Switches `ruleId` off for every resource under `construct`, with a reason reviewers can judge. The suppression is
 * listed in the policy report. Throws for an unknown rule, a reason shorter than
 * {@link MIN_SUPPRESSION_REASON_LENGTH} characters, the same rule suppressed twice on one construct, or a construct
 * outside any stack.
 */
export function suppress(construct: Construct, ruleId: string, reason: string, rules: readonly Rule[] = PLATFORM_RULES): void {
  ConstructValidationError.require(
    construct,
    rules.some(({ id }) => id === ruleId),
    'ruleId',
    `'${ruleId}' is not a policy rule`,
    'use the id of a rule, e.g. PLAT-S3-005 (PLATFORM_RULES lists them)',
  );
  ConstructValidationError.require(
    construct,
    reason.trim().length >= MIN_SUPPRESSION_REASON_LENGTH,
    'reason',
    `suppressing ${ruleId} needs a reason of at least ${MIN_SUPPRESSION_REASON_LENGTH} characters, got '${reason.trim()}'`,
    'say why the rule does not apply here or what compensates for it',
  );
  ConstructValidationError.require(
    construct,
    construct.node.scopes.some((scope) => TerraformStack.isStack(scope)),
    'construct',
    `cannot suppress ${ruleId} outside a stack`,
    'suppress on a stack or on a construct inside one',
  );
  const id = `guardrails-suppression-${ruleId}`;
  ConstructValidationError.require(construct, construct.node.tryFindChild(id) === undefined, 'ruleId', `${ruleId} is already suppressed here`, 'suppress each rule once per construct');
  new SuppressionRecord(construct, id, { ruleId, path: construct.node.path, reason: reason.trim() });
}

/** Every suppression made under `scope` (an app, a stack or any construct), in tree order. */
export function collectSuppressions(scope: IConstruct): Suppression[] {
  return scope.node.findAll().flatMap((node) => (node instanceof SuppressionRecord ? [node.suppression] : []));
}

/** The suppressions a synthesized stack carries (see {@link suppress}). */
export function suppressionsOf(stack: TerraformJson): Suppression[] {
  const records = (stack['//']?.guardrails as { suppressions?: Record<string, Suppression> } | undefined)?.suppressions ?? {};
  return Object.values(records);
}
