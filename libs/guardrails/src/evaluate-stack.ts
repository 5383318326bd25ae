import { Rule, RuleContext, Severity } from './rule';
import { PLATFORM_RULES } from './rules/platform-rules';
import { StackIndex, TerraformJson } from './stack-index';
import { Suppression, suppressionsOf } from './suppressions';

/** A resource that breaks a rule. */
export interface Finding {
  readonly ruleId: string;
  readonly checkovIds: readonly string[];
  readonly severity: Severity;
  readonly stack: string;
  /** Terraform address, e.g. `aws_s3_bucket.storage_Bucket_1A2B3C4D`. */
  readonly resourceAddress: string;
  /** Construct path of the resource, e.g. `production-data/storage/Bucket`. */
  readonly constructPath: string;
  readonly problem: string;
  readonly fix: string;
  /** `<rule> <construct path> (<address>): <problem>. Fix: <fix>` — what synth prints. */
  readonly message: string;
}

/** A finding a suppression switched off. */
export interface SuppressedFinding extends Finding {
  readonly suppression: Suppression;
}

/** The outcome of every rule on one synthesized stack. */
export interface StackPolicyResult {
  readonly stack: string;
  readonly production: boolean;
  /** Ids of the rules that checked at least one resource of the stack. */
  readonly rulesEvaluated: readonly string[];
  /** Rule-resource checks made. */
  readonly checks: number;
  /** Checks made per rule id (rules that checked nothing are absent), for the compliance view of the report. */
  readonly checksByRule: Readonly<Record<string, number>>;
  /** Checks the resource passed. */
  readonly passed: number;
  /** Unsuppressed findings; any with severity `error` fails synthesis. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that matched no finding: the rule now passes, so the suppression can go. */
  readonly unusedSuppressions: readonly Suppression[];
}

export interface EvaluateStackOptions extends RuleContext {
  /**
   * Rules to check.
   * @default PLATFORM_RULES
   */
  readonly rules?: readonly Rule[];
}

const covers = (suppression: Suppression, finding: Finding) =>
  suppression.ruleId === finding.ruleId && (finding.constructPath === suppression.path || finding.constructPath.startsWith(`${suppression.path}/`));

/**
 * Checks a synthesized stack (the parsed `cdk.tf.json`) against the rules. Suppressions come from the stack itself
 * (see {@link suppress}); production-only rules run only when `production` is true.
 */
export function evaluateStack(stackJson: TerraformJson, options: EvaluateStackOptions): StackPolicyResult {
  const stack = new StackIndex(stackJson);
  const context: RuleContext = { production: options.production };
  const rules = (options.rules ?? PLATFORM_RULES).filter((rule) => !rule.productionOnly || context.production);
  const suppressions = suppressionsOf(stackJson);
  const rulesEvaluated = new Set<string>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const checksByRule: Record<string, number> = {};
  let checks = 0;

  for (const rule of rules) {
    for (const resource of rule.resourceTypes.flatMap((type) => stack.ofType(type))) {
      checks += 1;
      checksByRule[rule.id] = (checksByRule[rule.id] ?? 0) + 1;
      rulesEvaluated.add(rule.id);
      const problem = rule.check(resource, stack, context);
      if (problem === undefined) continue;
      const finding: Finding = {
        ruleId: rule.id,
        checkovIds: rule.checkovIds,
        severity: rule.severity,
        stack: stack.stackName,
        resourceAddress: resource.address,
        constructPath: resource.constructPath,
        problem,
        fix: rule.fix,
        message: `${rule.id} ${resource.constructPath} (${resource.address}): ${problem}. Fix: ${rule.fix}`,
      };
      const suppression = suppressions.find((candidate) => covers(candidate, finding));
      if (suppression) suppressed.push({ ...finding, suppression });
      else findings.push(finding);
    }
  }

  return {
    stack: stack.stackName,
    production: context.production,
    rulesEvaluated: [...rulesEvaluated],
    checks,
    checksByRule,
    passed: checks - findings.length - suppressed.length,
    findings,
    suppressed,
    unusedSuppressions: suppressions.filter((suppression) => !suppressed.some((finding) => finding.suppression === suppression)),
  };
}
