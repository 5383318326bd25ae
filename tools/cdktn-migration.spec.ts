import * as fs from 'node:fs';
import * as path from 'node:path';
import { cdktnImports, cdktnPackageJson, CHECK_CDKTN_COMMAND, DEFAULT_TARGET, PackageJson, parseCheckCdktnArguments, SYNTH_DEV_DEPENDENCIES } from './cdktn-migration';
import { CommandLineError } from './cli-arguments';
import { itFollowsTheCommandLineConvention, thrownBy } from './cli-arguments-testing';

const workspacePackage = (): PackageJson => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

describe('tools/cdktn-migration: the package.json and command line of npm run check:cdktn', () => {
  describe('cdktnPackageJson', () => {
    const workspace: PackageJson = {
      name: 'platform',
      scripts: { synth: 'node tools/run-synth.cjs' },
      dependencies: { cdktf: '0.21.0', constructs: '10.4.2', '@cdktf/provider-aws': '20.1.0', zod: '4.6.7' },
      devDependencies: { esbuild: '0.25.12', typescript: '5.9.3', '@cloud-copilot/iam-simulate': '0.1.173', yaml: '2.9.1', jest: '30.2.0', 'cdktf-cli': '0.21.0' },
    };

    it('installs cdktn under the name cdktf, so the platform and the provider bindings load the same copy', () => {
      const migrated = cdktnPackageJson(workspace, { cdktn: '0.24.0', constructs: '10.7.2' });
      expect(migrated.dependencies).toEqual({ cdktf: 'npm:cdktn@0.24.0', constructs: '10.7.2', '@cdktf/provider-aws': '20.1.0', zod: '4.6.7' });
      expect(migrated.overrides).toEqual({ cdktf: '$cdktf', constructs: '$constructs' });
    });

    it('keeps only the devDependencies synthesis needs, and every other field', () => {
      const migrated = cdktnPackageJson(workspace);
      expect(Object.keys(migrated.devDependencies ?? {}).sort()).toEqual([...SYNTH_DEV_DEPENDENCIES].sort());
      expect(migrated.scripts).toEqual(workspace.scripts);
      expect(migrated.name).toBe('platform');
    });

    it('keeps overrides the workspace already has', () => {
      expect(cdktnPackageJson({ ...workspace, overrides: { semver: '7.7.0' } }).overrides).toEqual({ semver: '7.7.0', cdktf: '$cdktf', constructs: '$constructs' });
    });

    it.each([
      ['cdktf', /dependencies\.cdktf: missing.*Fix: run the check in the platform workspace/],
      ['constructs', /dependencies\.constructs: missing/],
    ])('refuses a package.json without %s', (name, message) => {
      const { [name]: _removed, ...rest } = workspace.dependencies ?? {};
      expect(() => cdktnPackageJson({ ...workspace, dependencies: rest })).toThrow(message);
    });

    it('refuses a package.json without a package synthesis needs, naming it', () => {
      const { yaml: _yaml, ...rest } = workspace.devDependencies ?? {};
      expect(() => cdktnPackageJson({ ...workspace, devDependencies: rest })).toThrow(/yaml not found.*Fix: add them to devDependencies/);
    });

    it('with @cdktn/provider-aws, installs it as @cdktf/provider-aws and cdktn under its own name, which its bindings require', () => {
      const migrated = cdktnPackageJson(workspace, { cdktn: '0.24.0', constructs: '10.7.2', awsProvider: '25.7.0' });
      expect(migrated.dependencies).toMatchObject({ cdktf: 'npm:cdktn@0.24.0', cdktn: '0.24.0', '@cdktf/provider-aws': 'npm:@cdktn/provider-aws@25.7.0' });
    });

    it("changes only cdktf and constructs among the workspace's own dependencies", () => {
      const own = workspacePackage();
      const migrated = cdktnPackageJson(own);
      expect(migrated.dependencies).toEqual({ ...own.dependencies, cdktf: `npm:cdktn@${DEFAULT_TARGET.cdktn}`, constructs: DEFAULT_TARGET.constructs });
    });
  });

  describe('cdktnImports', () => {
    it.each([
      ["import { App, TerraformStack } from 'cdktf';", "import { App, TerraformStack } from 'cdktn';"],
      ['import type { IAspect } from "cdktf";', 'import type { IAspect } from "cdktn";'],
      ["const { Testing } = require('cdktf');", "const { Testing } = require('cdktn');"],
      ["require('cdktf/lib/tokens/private/stack-trace')", "require('cdktn/lib/tokens/private/stack-trace')"],
    ])('moves %s to cdktn', (source, moved) => {
      expect(cdktnImports(source)).toBe(moved);
    });

    it('leaves the provider bindings, other packages and the word cdktf in text alone', () => {
      const source = "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nimport x from 'cdktf-cli';\nconst tags = { ManagedBy: 'cdktf' };";
      expect(cdktnImports(source)).toBe(source);
    });
  });

  describe('parseCheckCdktnArguments', () => {
    itFollowsTheCommandLineConvention(CHECK_CDKTN_COMMAND, parseCheckCdktnArguments);

    it('defaults to cdktn 0.24.0 with constructs 10.7.2, cache first, five differences per stack', () => {
      expect(parseCheckCdktnArguments([])).toEqual({ target: { cdktn: '0.24.0', constructs: '10.7.2' }, offline: false, maxDifferences: 5, keep: false });
    });

    it('reads every option', () => {
      expect(parseCheckCdktnArguments(['--cdktn', '0.25.0-pre.1', '--constructs=10.6.0', '--cdktn-aws-provider', '25.7.0', '--offline', '--max-differences', '0', '--keep'])).toEqual({
        target: { cdktn: '0.25.0-pre.1', constructs: '10.6.0', awsProvider: '25.7.0' },
        offline: true,
        maxDifferences: 0,
        keep: true,
      });
    });

    it.each([
      [['--cdktn', '^0.24.0'], '--cdktn ^0.24.0: not an exact version. Fix: write one release, e.g. --cdktn 0.24.0'],
      [['--constructs', 'latest'], '--constructs latest: not an exact version. Fix: write one release, e.g. --constructs 10.7.2'],
      [['--cdktn-aws-provider', '25'], '--cdktn-aws-provider 25: not an exact version. Fix: write one release, e.g. --cdktn-aws-provider 25.7.0'],
      [['--max-differences', 'all'], '--max-differences all: not a whole number. Fix: write e.g. --max-differences 5'],
      [['--max-differences', '-1'], '--max-differences: needs a value. Fix: --max-differences <n> or --max-differences=<n>'],
      [['production'], "'production': unexpected argument. Fix: npm run check:cdktn -- [options]"],
    ])('refuses %j as a wrong command line', (args, message) => {
      const error = thrownBy(() => parseCheckCdktnArguments(args));
      expect(error).toBeInstanceOf(CommandLineError);
      expect((error as Error).message).toBe(message);
    });
  });
});
