import { stopProviderDaemons } from './private/provider-daemons';
import { currentToolchain, formatMissingTools, type Toolchain } from './toolchain';

/** Jest timeout for a test that runs terraform: init, validate, plan and show take about 10 s for a small stack. */
export const TERRAFORM_TEST_TIMEOUT_MS = 60_000;

/** What {@link describeWithTerraform} does with its suite. */
export type TerraformSuiteMode = { readonly run: 'run' } | { readonly run: 'fail' | 'skip'; readonly message: string };

/** `CI` values a person writes to say "not CI" (compared trimmed and in any case). */
const NOT_CI = new Set(['false', '0', 'no', 'off']);

/**
 * Whether `env` is a CI run: any non-empty `CI` (`true` as GitHub Actions and most CI systems set it, `1`, `yes`,
 * `TRUE`, a provider's name) except `false`, `0`, `no` and `off`, which a person writes to mean "not CI". Unset or
 * empty is a local run.
 */
export function isContinuousIntegration(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && !NOT_CI.has(value);
}

/**
 * Decides how to treat a suite that needs terraform: run it when the toolchain is complete; otherwise fail in CI
 * (see {@link isContinuousIntegration}), where a missing toolchain is a broken pipeline, and skip elsewhere so a
 * laptop without terraform can still run the other tests.
 */
export function terraformSuiteMode(toolchain: Toolchain, env: NodeJS.ProcessEnv = process.env): TerraformSuiteMode {
  if (toolchain.missing.length === 0) {
    return { run: 'run' };
  }
  return { run: isContinuousIntegration(env) ? 'fail' : 'skip', message: formatMissingTools(toolchain.missing) };
}

/**
 * `describe` for tests that run terraform (see {@link terraformSuiteMode}). When the toolchain is missing, CI gets a
 * single failing test whose error says what to install; elsewhere the suite is skipped after a loud warning.
 * Give terraform tests {@link TERRAFORM_TEST_TIMEOUT_MS}. After the suite, the provider daemons it left idle stop.
 */
export function describeWithTerraform(name: string, fn: () => void): void {
  const mode = terraformSuiteMode(currentToolchain());
  switch (mode.run) {
    case 'run':
      describe(name, () => {
        fn();
        afterAll(stopProviderDaemons);
      });
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
