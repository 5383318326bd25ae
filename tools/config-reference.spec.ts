import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine, usage } from './cli-arguments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { CONFIG_REFERENCE_COMMAND, configReference, main, REFERENCE_FILE } from './config-reference';

describe('the environment config reference (docs/environment-config.md)', () => {
  const reference = configReference();

  it('is the one the schema gives today: regenerate it with npx tsx tools/config-reference.ts when this fails', () => {
    expect(fs.readFileSync(REFERENCE_FILE, 'utf8')).toBe(reference);
  });

  it("lists every field with its type, its default from the schema and its description from the field's JSDoc", () => {
    expect(reference).toContain("| `data.postgres.engineVersion` | string | `\"16\"` | PostgreSQL major version ('15', '16');");
    expect(reference).toContain('| `network.vpcCidr` | string | required | IPv4 CIDR of the VPC, /16–/28.');
    expect(reference).toContain("| `compute` | 'eks' \\| 'ecs' | `\"eks\"` |");
    expect(reference).toContain('| `cluster.nodeGroups.<name>.instanceTypes` | list of string | required | Instance types,');
    expect(reference).toContain('| `network` | object | required | Network settings of an environment.');
  });

  /** `main` with its output captured. */
  const run = (args: string[], referenceFile?: string) => {
    const lines = { out: [] as string[], err: [] as string[] };
    const code = main(args, referenceFile, { out: (text) => lines.out.push(text), err: (text) => lines.err.push(text) });
    return { code, ...lines };
  };

  it('--check fails naming the fix when the committed file differs, and accepts the current one', () => {
    const stale = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'config-reference-')), 'environment-config.md');
    fs.writeFileSync(stale, '# an old reference\n');
    try {
      expect(run(['--check'], stale)).toEqual({
        code: 1,
        out: [],
        err: [expect.stringMatching(/^error: .*environment-config\.md is stale\. Fix: run npx tsx tools\/config-reference\.ts and commit it$/)],
      });
    } finally {
      fs.rmSync(path.dirname(stale), { recursive: true, force: true });
    }
    expect(run(['--check'])).toEqual({ code: 0, out: [], err: [] });
  });

  describe('its command line', () => {
    itFollowsTheCommandLineConvention(CONFIG_REFERENCE_COMMAND, (args) => parseCommandLine(CONFIG_REFERENCE_COMMAND, args));

    it('exits 2 on an unknown option, listing the valid ones, and 0 with the usage for --help, writing nothing', () => {
      expect(run(['--write'], '/nonexistent/environment-config.md')).toEqual({ code: 2, out: [], err: ['error: --write: unknown option. Fix: use one of --check, --help'] });
      expect(run(['--help'], '/nonexistent/environment-config.md')).toEqual({ code: 0, out: [usage(CONFIG_REFERENCE_COMMAND)], err: [] });
    });
  });
});
