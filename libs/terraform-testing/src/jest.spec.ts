import { isContinuousIntegration, terraformSuiteMode } from './jest';
import type { Toolchain } from './toolchain';

const incomplete: Toolchain = {
  providerMirror: '/opt/tf-plugins',
  missing: [{ tool: 'terraform', problem: 'no terraform binary on PATH', fix: 'install Terraform 1.11' }],
};

describe('terraformSuiteMode', () => {
  it('runs the suite when nothing is missing', () => {
    expect(terraformSuiteMode({ ...incomplete, missing: [] }, { CI: 'true' })).toEqual({ run: 'run' });
  });

  it('fails in CI and skips elsewhere, explaining what to install', () => {
    const message = expect.stringContaining('terraform: no terraform binary on PATH.\n    Fix: install Terraform 1.11.');

    expect(terraformSuiteMode(incomplete, { CI: 'true' })).toEqual({ run: 'fail', message });
    expect(terraformSuiteMode(incomplete, { CI: '1' })).toEqual({ run: 'fail', message });
    expect(terraformSuiteMode(incomplete, {})).toEqual({ run: 'skip', message });
    expect(terraformSuiteMode(incomplete, { CI: 'false' })).toEqual({ run: 'skip', message });
  });
});

describe('isContinuousIntegration', () => {
  const values: [string | undefined, boolean][] = [
    // Any non-empty value a CI system sets counts: a cached or local-looking run never skips the Terraform suites there.
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['woodpecker', true],
    // Unset or empty: a laptop.
    [undefined, false],
    ['', false],
    ['  ', false],
    // What a person writes to say "not CI".
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ];

  it('takes every non-empty CI as CI, except false, 0, no and off', () => {
    expect(values.map(([CI]) => [CI, isContinuousIntegration(CI === undefined ? {} : { CI })])).toEqual(values);
  });
});
