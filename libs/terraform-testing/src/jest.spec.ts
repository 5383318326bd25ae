import { terraformSuiteMode } from './jest';
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
    expect(terraformSuiteMode(incomplete, {})).toEqual({ run: 'skip', message });
    expect(terraformSuiteMode(incomplete, { CI: '1' })).toEqual({ run: 'skip', message });
  });
});
