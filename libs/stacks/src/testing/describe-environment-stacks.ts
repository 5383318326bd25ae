import { EnvironmentInput } from '@platform/config';
import { describeWithTerraform, offlinePlan, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
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
  describe(`the ${name} environment`, () => {
    let outdir: string;
    let stacks: SynthesizedStack[];
    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-synth-`));
      stacks = synthesizeEnvironments([{ input, expectedName: name }], outdir);
    });
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    it('synthesizes exactly the expected stacks', () => {
      expect(stacks.map(({ stack }) => stack).sort()).toEqual(Object.keys(expectedPlans).sort());
    });

    describeWithTerraform('with real Terraform', () => {
      for (const [stack, expected] of Object.entries(expectedPlans)) {
        it(
          `${stack} passes terraform validate and plans ${expected.add} resources to add offline`,
          async () => {
            const { plan } = await offlinePlan(path.join(outdir, 'stacks', stack));
            expect({ add: plan.add, change: plan.change, destroy: plan.destroy }).toEqual({ add: expected.add, change: 0, destroy: 0 });
            const counts = Object.fromEntries(Object.keys(expected.resourceCounts ?? {}).map((type) => [type, plan.resourceCountsByType[type] ?? 0]));
            expect(counts).toEqual(expected.resourceCounts ?? {});
          },
          TERRAFORM_TEST_TIMEOUT_MS,
        );
      }
    });
  });
}
