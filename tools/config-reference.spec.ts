import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configReference, main, REFERENCE_FILE } from './config-reference';

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

  it('--check fails naming the fix when the committed file differs, and accepts the current one', () => {
    const errors: string[] = [];
    const stale = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'config-reference-')), 'environment-config.md');
    fs.writeFileSync(stale, '# an old reference\n');
    jest.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
    try {
      expect(main(['--check'], stale)).toBe(1);
    } finally {
      jest.restoreAllMocks();
      fs.rmSync(path.dirname(stale), { recursive: true, force: true });
    }
    expect(errors).toEqual([expect.stringMatching(/^error: .*environment-config\.md is stale\. Fix: run npx tsx tools\/config-reference\.ts and commit it$/)]);
    expect(main(['--check'])).toBe(0);
  });

  it('refuses an unknown option, listing the valid ones', () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
    try {
      expect(main(['--write'])).toBe(2);
    } finally {
      jest.restoreAllMocks();
    }
    expect(errors[0]).toMatch(/^error: Unknown option '--write'.*Valid options: --check, --help/);
  });
});
