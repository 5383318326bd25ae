import { TerraformStack, Testing } from 'cdktf';
import { evaluateStack, Finding } from '../evaluate-stack';
import { Rule } from '../rule';
import { PLATFORM_RULES } from '../rules/platform-rules';
import { TerraformJson } from '../stack-index';

/** Name of the stacks tests synthesize; construct paths in findings start with it. */
export const TEST_STACK = 'test';

/** Synthesizes what `build` adds to a fresh stack into the JSON `cdk.tf.json` holds, cdktf metadata included. */
export function synthesizeStack(build: (stack: TerraformStack) => void): TerraformJson {
  const stack = new TerraformStack(Testing.app(), TEST_STACK);
  build(stack);
  // Testing.synth strips the `//` metadata (construct paths, suppressions) the engine reads, so use toTerraform.
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

/**
 * Findings of one rule (suppressions applied) on the stack `build` makes. Only that rule runs: the others' findings
 * would be filtered out anyway, and running them would make every test cover every rule, so mutation testing
 * (perTest coverage) would rerun the whole suite for each mutant.
 */
export function findingsOf(ruleId: string, build: (stack: TerraformStack) => void, production = true): Finding[] {
  const rules = PLATFORM_RULES.filter(({ id }) => id === ruleId);
  if (rules.length === 0) throw new Error(`findingsOf: no platform rule has the id ${ruleId}`);
  return [...evaluateStack(synthesizeStack(build), { production, rules }).findings];
}

/** A deliberately bad stack for one rule and the finding it must produce. */
export interface Violation {
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
  /** Construct path of the offending resource, without the stack name. */
  readonly path: string;
  /** What the finding's problem says. */
  readonly problem: string | RegExp;
  /**
   * Environment the stack is checked as.
   * @default true (production)
   */
  readonly production?: boolean;
}

/**
 * Tests a rule pack: the pack's rules are all registered and covered, none flags the compliant stack (built like the
 * platform's default constructs), and every violation produces a finding naming the rule, the construct path, the
 * problem and the rule's fix.
 */
export function testRulePack(pack: readonly Rule[], compliant: (stack: TerraformStack) => void, violations: Readonly<Record<string, readonly Violation[]>>): void {
  it('registers every rule in PLATFORM_RULES and has a failing case for each', () => {
    expect(pack.every((rule) => PLATFORM_RULES.includes(rule))).toBe(true);
    expect(Object.keys(violations).sort()).toEqual(pack.map(({ id }) => id).sort());
  });

  it('passes the compliant stack, in production and elsewhere', () => {
    const json = synthesizeStack(compliant);
    for (const production of [true, false]) {
      expect(evaluateStack(json, { production, rules: pack }).findings).toEqual([]);
    }
  });

  for (const rule of pack) {
    describe(rule.id, () => {
      it.each(violations[rule.id] ?? [])('flags $name', ({ build, path, problem, production = true }) => {
        const findings = findingsOf(rule.id, build, production);
        expect(findings).toEqual([
          expect.objectContaining({ ruleId: rule.id, severity: rule.severity, constructPath: `${TEST_STACK}/${path}`, problem: typeof problem === 'string' ? expect.stringContaining(problem) : expect.stringMatching(problem) }),
        ]);
        expect(findings[0].message).toContain(`${rule.id} ${TEST_STACK}/${path} (`);
        expect(findings[0].message).toContain(`Fix: ${rule.fix}`);
      });
    });
  }
}
