import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { SelfChangingAttributesContract } from './self-changing-attributes-contract';

type Json = Record<string, unknown>;

const contract = new SelfChangingAttributesContract();

/** The problems the contract finds in one resource of `type` with `argumentsOf` (none: it passed). */
function problemsOf(type: string, argumentsOf: Json): readonly string[] {
  const model = new PlatformModel({ data: { resource: { [type]: { store: argumentsOf } } } });
  const { checks } = contract.evaluate({ model } as ContractInput) as ContractResult;
  expect(checks.map((item) => item.subject)).toEqual([`data/${type}.store: ${type === 'aws_eks_node_group' ? 'scaling_config[0].desired_size' : 'engine_version'} is left to AWS where AWS changes it`]);
  return checks[0].problems;
}

describe('convergence contract', () => {
  it('is titled for the report', () => {
    // Constructed in the test: a field set at module load is not covered by this test.
    expect(new SelfChangingAttributesContract().title).toBe('Convergence: nothing pinned by config is changed by AWS itself');
  });

  describe('a PostgreSQL instance under automatic minor upgrades writes the major version only', () => {
    const db = (engineVersion: string, extra: Json = {}) => problemsOf('aws_db_instance', { engine: 'postgres', engine_version: engineVersion, auto_minor_version_upgrade: true, ...extra });

    it('a minor version pinned is drift after every upgrade', () => {
      expect(db('16.4')).toEqual(['engine_version 16.4 pins a minor version while auto_minor_version_upgrade is on: every RDS upgrade shows as drift. Fix: write the major version only']);
      expect(db('16.4', { auto_minor_version_upgrade: 'true' })).toHaveLength(1);
    });

    it.each<[string, string, Json]>([
      ['the major version', '16', {}],
      ['a minor version without automatic upgrades', '16.4', { auto_minor_version_upgrade: false }],
      ['a minor version of another engine', '8.0', { engine: 'mysql' }],
      ['a version that does not start with a number', 'v16.4', {}],
    ])('%s passes', (_case, version, extra) => {
      expect(db(version, extra)).toEqual([]);
    });
  });

  describe('a replication group under automatic minor upgrades writes major.minor', () => {
    const cache = (engineVersion: string, autoUpgrade: unknown = true) => problemsOf('aws_elasticache_replication_group', { engine_version: engineVersion, auto_minor_version_upgrade: autoUpgrade });

    it('a patch version pinned is drift', () => {
      expect(cache('7.10.2')).toEqual(['engine_version 7.10.2 pins a patch version while auto_minor_version_upgrade is on. Fix: write major.minor']);
      expect(cache('10.1.2')).toHaveLength(1);
    });

    it.each<[string, string, unknown]>([
      ['major.minor', '7.10', true],
      ['a patch version without automatic upgrades', '7.10.2', false],
      ['a version that does not start with a number', 'v7.10.2', true],
    ])('%s passes', (_case, version, autoUpgrade) => {
      expect(cache(version, autoUpgrade)).toEqual([]);
    });
  });

  describe('a node group leaves its desired size to the cluster autoscaler', () => {
    const nodeGroup = (ignoreChanges?: unknown) => problemsOf('aws_eks_node_group', ignoreChanges === undefined ? {} : { lifecycle: { ignore_changes: ignoreChanges } });
    const problem = 'scaling_config.desired_size is not in lifecycle.ignore_changes: every plan would scale the group back from what the autoscaler chose';

    it.each([['scaling_config[0].desired_size'], ['scaling_config.desired_size']])('ignoring %s passes', (path) => {
      expect(nodeGroup(['tags', path])).toEqual([]);
    });

    it.each<[string, unknown]>([
      ['no lifecycle', undefined],
      ['another size', ['scaling_config[0].max_size']],
      ['a longer path', ['scaling_config[0].desired_sizes']],
      ['a nested path', ['node.scaling_config.desired_size']],
    ])('%s is named', (_case, ignoreChanges) => {
      expect(nodeGroup(ignoreChanges)).toEqual([problem]);
    });
  });
});
