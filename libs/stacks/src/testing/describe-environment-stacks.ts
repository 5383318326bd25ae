import { EnvironmentInput } from '@platform/config';
import { describeWithTerraform, formatDiagnostics, offlinePlan, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
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
 * The test suite every environment app runs on its own config: it synthesizes the environment exactly as
 * `nx run <env>:synth` does, then runs the real `terraform validate` and an offline `terraform plan` on every stack
 * and compares the plan with the app's expectations. One shared suite, so environments differ only by config and
 * expected figures.
 */
export function describeEnvironmentStacks(name: string, input: EnvironmentInput, expectedPlans: Readonly<Record<string, StackPlanExpectation>>): void {
  describeSynthesizedStacks(`the ${name} environment`, (outdir) => synthesizeEnvironments([{ input, expectedName: name }], outdir), expectedPlans);
}

/** {@link describeEnvironmentStacks} for any synthesis, e.g. the bootstrap stacks of several environments. */
export function describeSynthesizedStacks(
  title: string,
  synthesize: (outdir: string) => SynthesizedStack[],
  expectedPlans: Readonly<Record<string, StackPlanExpectation>>,
): void {
  describe(title, () => {
    let outdir: string;
    let stacks: SynthesizedStack[];
    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
      stacks = synthesize(outdir);
    });
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    it('synthesizes exactly the expected stacks', () => {
      expect(stacks.map(({ stack }) => stack).sort()).toEqual(Object.keys(expectedPlans).sort());
    });

    describeWithTerraform('with real Terraform', () => {
      // Stacks plan in parallel (terraform waits on I/O much of the time); each test then reads its own result.
      const plans = new Map<string, Promise<OfflinePlanResult>>();
      beforeAll(() => {
        for (const stack of Object.keys(expectedPlans)) {
          const result = offlinePlan(path.join(outdir, 'stacks', stack));
          result.catch(() => undefined); // reported by the stack's own test
          plans.set(stack, result);
        }
      });

      for (const [stack, expected] of Object.entries(expectedPlans)) {
        it(
          `${stack} passes terraform validate without warnings and plans ${expected.add} resources to add offline`,
          async () => {
            const { plan, validateDiagnostics } = await (plans.get(stack) as Promise<OfflinePlanResult>);
            expect(formatDiagnostics(validateDiagnostics)).toBe('');
            expect({ add: plan.add, change: plan.change, destroy: plan.destroy }).toEqual({ add: expected.add, change: 0, destroy: 0 });
            const counts = Object.fromEntries(Object.keys(expected.resourceCounts ?? {}).map((type) => [type, plan.resourceCountsByType[type] ?? 0]));
            expect(counts).toEqual(expected.resourceCounts ?? {});
          },
          TERRAFORM_TEST_TIMEOUT_MS * 2,
        );
      }
    });
  });
}
