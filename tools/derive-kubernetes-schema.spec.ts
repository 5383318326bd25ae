import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { DERIVE_SCHEMA_COMMAND, parseDeriveSchemaArguments } from './derive-kubernetes-schema';

describe('the command line of tools/derive-kubernetes-schema.ts', () => {
  it('drafts from a chart values file or from a CRD (version v1 unless given), paths from stdin unless given', () => {
    expect(parseDeriveSchemaArguments(['--values', 'values.yaml', '--paths=paths.txt'])).toEqual({ source: { values: 'values.yaml' }, paths: 'paths.txt' });
    expect(parseDeriveSchemaArguments(['--crd=crd.yaml', '--kind', 'Rollout'])).toEqual({ source: { crd: 'crd.yaml', kind: 'Rollout', version: 'v1' }, paths: '/dev/stdin' });
  });

  it.each([[[]], [['--values', 'v.yaml', '--crd', 'c.yaml']]])('refuses %j: exactly one of --values and --crd', (args) => {
    expect(() => parseDeriveSchemaArguments(args)).toThrow(/^--values, --crd: give exactly one\. Fix: npx tsx tools\/derive-kubernetes-schema\.ts \[options\]$/);
  });

  itFollowsTheCommandLineConvention(DERIVE_SCHEMA_COMMAND, parseDeriveSchemaArguments);
});
