import { EnvironmentInput } from '@platform/config';
import {
  describeWithTerraform,
  formatDiagnostics,
  formatPendingChanges,
  offlinePlan,
  offlinePlanBlockers,
  OfflinePlanResult,
  readStack,
  TERRAFORM_TEST_TIMEOUT_MS,
} from '@platform/terraform-testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SynthesizedStack, synthesizeEnvironments } from '../synthesize-environments';

/** What the offline plan of one stack must show. */
export interface StackPlanExpectation {
  /** Resources to add (the plan of a new environment adds everything). */
  readonly add: number;
  /** Resources to add of selected types, e.g. `{ aws_nat_gateway: 3 }`. */
  readonly resourceCounts?: Readonly<Record<string, number>>;
}

/**
 * A stack whose providers are not in the offline mirror (Kubernetes, Helm): checked at synth level only, by the
 * number of resources of selected types in its JSON.
 */
export interface SynthOnlyExpectation {
  /** Why it cannot be planned offline, matched against the reasons the offline planner gives. */
  readonly notPlannedOffline: RegExp;
  readonly resourceCounts: Readonly<Record<string, number>>;
}

export type StackExpectation = StackPlanExpectation | SynthOnlyExpectation;

/** What else the suite checks on every stack it plans. */
export interface EnvironmentSuiteOptions {
  /**
   * Each planned stack converges: a state built from its create plan's planned values re-plans (`-refresh=false`) to
   * no changes within `maxRounds` plans (see convergeCraftedState in @platform/terraform-testing). Costs one to three
   * more plans per stack.
   * @default - not checked
   */
  readonly convergence?: {
    readonly maxRounds?: number;
    /**
     * The stacks checked, where the others' constructs are already checked in another environment's suite (each
     * check costs up to `maxRounds` more plans, and the suites share two cores in CI).
     * @default - every planned stack
     */
    readonly stacks?: readonly string[];
  };
}

/**
 * The test suite every environment app runs on its own config: it synthesizes the environment exactly as
 * `nx run <env>:synth` does, then runs the real `terraform validate` and an offline `terraform plan` on every stack
 * and compares the plan with the app's expectations. One shared suite, so environments differ only by config and
 * expected figures.
 */
export function describeEnvironmentStacks(
  name: string,
  input: EnvironmentInput,
  expected: Readonly<Record<string, StackExpectation>>,
  options: EnvironmentSuiteOptions = {},
): void {
  describeSynthesizedStacks(`the ${name} environment`, (outdir) => synthesizeEnvironments([{ input, expectedName: name }], outdir), expected, options);
}

/** {@link describeEnvironmentStacks} for any synthesis, e.g. the bootstrap stacks of several environments. */
export function describeSynthesizedStacks(
  title: string,
  synthesize: (outdir: string) => SynthesizedStack[],
  expected: Readonly<Record<string, StackExpectation>>,
  options: EnvironmentSuiteOptions = {},
): void {
  const synthOnly = Object.entries(expected).filter((entry): entry is [string, SynthOnlyExpectation] => 'notPlannedOffline' in entry[1]);
  const expectedPlans = Object.entries(expected).filter((entry): entry is [string, StackPlanExpectation] => 'add' in entry[1]);
  // A stack's plan and its convergence are one offlinePlan call: the plan's test waits for both.
  const timeout = TERRAFORM_TEST_TIMEOUT_MS * (options.convergence ? 6 : 2);
  describe(title, () => {
    let outdir: string;
    let stacks: SynthesizedStack[];
    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
      stacks = synthesize(outdir);
    });
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    it('synthesizes exactly the expected stacks', () => {
      expect(stacks.map(({ stack }) => stack).sort()).toEqual(Object.keys(expected).sort());
    });

    for (const [stack, { notPlannedOffline, resourceCounts }] of synthOnly) {
      it(`${stack} synthesizes the expected resources (not planned offline: ${notPlannedOffline.source})`, async () => {
        const json = await readStack(path.join(outdir, 'stacks', stack));
        expect(offlinePlanBlockers(json).join('; ')).toMatch(notPlannedOffline);
        const counts = Object.fromEntries(Object.keys(resourceCounts).map((type) => [type, Object.keys(json.resource?.[type] ?? {}).length]));
        expect(counts).toEqual(resourceCounts);
      });
    }

    describeWithTerraform('with real Terraform', () => {
      // Stacks plan in parallel (terraform waits on I/O much of the time); each test then reads its own result.
      const plans = new Map<string, Promise<OfflinePlanResult>>();
      beforeAll(() => {
        for (const [stack] of expectedPlans) {
          const converges = options.convergence !== undefined && (options.convergence.stacks?.includes(stack) ?? true);
          // The tests read the summary only: without convergence the plan's own stream suffices (no `show -json`).
          const result = offlinePlan(path.join(outdir, 'stacks', stack), { convergence: converges ? { maxRounds: options.convergence?.maxRounds } : undefined, plannedValues: false });
          result.catch(() => undefined); // reported by the stack's own test
          plans.set(stack, result);
        }
      });

      for (const [stack, plan] of expectedPlans) {
        it(
          `${stack} passes terraform validate without warnings and plans ${plan.add} resources to add offline`,
          async () => {
            const result = await (plans.get(stack) as Promise<OfflinePlanResult>);
            expect(formatDiagnostics(result.validateDiagnostics)).toBe('');
            expect({ add: result.plan.add, change: result.plan.change, destroy: result.plan.destroy }).toEqual({ add: plan.add, change: 0, destroy: 0 });
            const counts = Object.fromEntries(Object.keys(plan.resourceCounts ?? {}).map((type) => [type, result.plan.resourceCountsByType[type] ?? 0]));
            expect(counts).toEqual(plan.resourceCounts ?? {});
          },
          timeout,
        );
      }

      if (options.convergence) {
        const checked = options.convergence.stacks;
        for (const [stack] of expectedPlans.filter(([name]) => checked?.includes(name) ?? true)) {
          it(
            `${stack} converges: a state built from its planned values re-plans to no changes`,
            async () => {
              const { convergence } = await (plans.get(stack) as Promise<OfflinePlanResult>);
              expect(formatPendingChanges(convergence?.pending ?? [])).toBe('');
              expect(convergence?.converged).toBe(true);
            },
            timeout,
          );
        }
      }
    });
  });
}
