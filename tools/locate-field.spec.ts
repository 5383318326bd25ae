import { EnvironmentConfigError } from '@platform/config';
import { PlatformError } from '@platform/core';
import { EnvironmentsInvalidError } from '@platform/stacks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeInputError, lineOfField } from './locate-field';

describe('lineOfField: the line of an environment file a config field is written on', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-field-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const written = path.join(dir, name);
    fs.writeFileSync(written, text);
    return written;
  };
  const environment = file(
    'environment.ts',
    [
      "import { defineEnvironment } from '@platform/config';", // 1
      "import { organization } from '@platform/environments/common';", // 2
      '', // 3
      'export const environment = defineEnvironment({', // 4
      '  ...organization,', // 5
      "  name: 'production',", // 6
      '  network: {', // 7
      "    vpcCidr: '10.40.0.0/33',", // 8
      '  },', // 9
      "  cluster: { adminRoleArns: ['arn:a', 'arn:b'], nodeGroups: { ...DEFAULT_NODE_GROUPS, general: { ...DEFAULT_NODE_GROUPS.general, maxSize: 2 } } },", // 10
      "  'data': { secrets: [...DEFAULT_SECRETS, 'x'] },", // 11
      '});', // 12
    ].join('\n'),
  );

  it.each([
    ['name', 6],
    ['network.vpcCidr', 8],
    ['cluster.adminRoleArns.1', 10],
    ['cluster.nodeGroups.general.maxSize', 10],
    // Behind a spread: the deepest property written in the file.
    ['cluster.nodeGroups.general.minSize', 10],
    ['data.secrets.1', 11],
    ['network.subnetCidrs.public', 7],
  ])('%s is on line %d', (field, line) => {
    expect(lineOfField(environment, field)).toBe(line);
  });

  it('is undefined for a field only a spread or another file can hold, and for a file it cannot read', () => {
    expect(lineOfField(environment, 'contactEmail')).toBeUndefined();
    expect(lineOfField(path.join(dir, 'missing.ts'), 'name')).toBeUndefined();
  });

  it('does not trust a property that a later spread may override', () => {
    const overridden = file('overridden.ts', "export const environment = {\n  name: 'a',\n  ...defaults,\n};\n");
    expect(lineOfField(overridden, 'name')).toBeUndefined();
  });

  it('reads literals behind `as` and `satisfies` and without defineEnvironment', () => {
    const plain = file('plain.ts', "export const environment = ({\n  network: {\n    vpcCidr: 'x',\n  },\n} satisfies object) as unknown;\n");
    expect(lineOfField(plain, 'network.vpcCidr')).toBe(3);
  });

  it('describeInputError appends each field’s file and line to an invalid environment’s message, also for several', () => {
    const invalid = new EnvironmentConfigError('production', 'environments/production/environment.ts', [
      { field: 'network.vpcCidr', message: "'10.40.0.0/33' is not an IPv4 CIDR. Fix: use 10.20.0.0/16" },
      { field: 'contactEmail', message: 'must be an email address. Fix: write one' },
    ]);
    const expected = [
      "Environment 'production' (environments/production/environment.ts) is invalid:",
      "  - network.vpcCidr: '10.40.0.0/33' is not an IPv4 CIDR. Fix: use 10.20.0.0/16 (environments/production/environment.ts:8)",
      '  - contactEmail: must be an email address. Fix: write one',
    ].join('\n');
    expect(describeInputError(invalid, () => environment)).toBe(expected);
    expect(describeInputError(new EnvironmentsInvalidError([invalid, invalid]), () => environment)).toBe(`${expected}\n\n${expected}`);
    expect(describeInputError(new PlatformError('state.bucket: collides. Fix: one bucket'), () => environment)).toBe('state.bucket: collides. Fix: one bucket');
  });
});
