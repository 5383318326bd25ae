import { currentToolchain, formatMissingTools, type Toolchain } from './toolchain';

/** Jest timeout for a test that runs terraform: init, validate, plan and show take about 10 s for a small stack. */
export const TERRAFORM_TEST_TIMEOUT_MS = 60_000;

/** What {@link describeWithTerraform} does with its suite. */
export type TerraformSuiteMode = { readonly run: 'run' } | { readonly run: 'fail' | 'skip'; readonly message: string };

/**
 * Decides how to treat a suite that needs terraform: run it when the toolchain is complete; otherwise fail in CI
 * (`CI=true`), where a missing toolchain is a broken pipeline, and skip elsewhere so a laptop without terraform can
 * still run the other tests.
 */
export function terraformSuiteMode(toolchain: Toolchain, env: NodeJS.ProcessEnv = process.env): TerraformSuiteMode {
  if (toolchain.missing.length === 0) {
    return { run: 'run' };
  }
  return { run: env.CI === 'true' ? 'fail' : 'skip', message: formatMissingTools(toolchain.missing) };
}

/**
 * `describe` for tests that run terraform (see {@link terraformSuiteMode}). When the toolchain is missing, CI gets a
 * single failing test whose error says what to install; elsewhere the suite is skipped after a loud warning.
 * Give terraform tests {@link TERRAFORM_TEST_TIMEOUT_MS}.
 */
export function describeWithTerraform(name: string, fn: () => void): void {
  const mode = terraformSuiteMode(currentToolchain());
  switch (mode.run) {
    case 'run':
      describe(name, fn);
      return;
    case 'fail':
      describe(name, () => {
        it('has the Terraform toolchain (missing tools fail the run in CI)', () => {
          throw new Error(mode.message);
        });
      });
      return;
    case 'skip': {
      const rule = '!'.repeat(100);
      console.warn(`${rule}\nSKIPPING "${name}": it runs terraform.\n${mode.message}\n${rule}`);
      describe.skip(name, fn);
      return;
    }
  }
}
