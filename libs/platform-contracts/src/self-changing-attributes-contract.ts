import { blockOf, isTrue, stringsOf } from '@platform/guardrails';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource } from './platform-model';

/** An attribute AWS changes by itself under some setting, and how the configuration must then write it. */
interface SelfChangingAttribute {
  readonly type: string;
  /** What AWS changes, e.g. `engine_version`. */
  readonly attribute: string;
  /** The problem when the configuration pins what AWS will change; undefined when it does not. */
  readonly problem: (resource: ModelResource) => string | undefined;
}

const ignored = (resource: ModelResource) => stringsOf(blockOf(resource.raw.lifecycle)?.ignore_changes);

const SELF_CHANGING_ATTRIBUTES: readonly SelfChangingAttribute[] = [
  {
    type: 'aws_db_instance',
    attribute: 'engine_version',
    // RDS applies minor upgrades in the maintenance window; a configured minor version then differs from the actual.
    problem: ({ values }) =>
      isTrue(values.auto_minor_version_upgrade) && /^\d+\.\d+/.test(String(values.engine_version)) && String(values.engine) === 'postgres'
        ? `engine_version ${String(values.engine_version)} pins a minor version while auto_minor_version_upgrade is on: every RDS upgrade shows as drift. Fix: write the major version only`
        : undefined,
  },
  {
    type: 'aws_elasticache_replication_group',
    attribute: 'engine_version',
    problem: ({ values }) =>
      isTrue(values.auto_minor_version_upgrade) && /^\d+\.\d+\.\d+/.test(String(values.engine_version))
        ? `engine_version ${String(values.engine_version)} pins a patch version while auto_minor_version_upgrade is on. Fix: write major.minor`
        : undefined,
  },
  {
    type: 'aws_eks_node_group',
    attribute: 'scaling_config[0].desired_size',
    // The cluster autoscaler owns the number of nodes once the group exists.
    problem: (resource) =>
      ignored(resource).some((path) => /^scaling_config(\[0\])?\.desired_size$/.test(path))
        ? undefined
        : 'scaling_config.desired_size is not in lifecycle.ignore_changes: every plan would scale the group back from what the autoscaler chose',
  },
];

/**
 * Convergence, statically: no attribute the configuration pins is one AWS changes by itself (minor versions under
 * automatic upgrades, node counts under the cluster autoscaler), or every plan after the first change would show
 * drift: the daily drift check would open issues and the smoke test's "no changes" would fail. The other half,
 * a state built from the offline plan re-planning to no changes, runs with real Terraform in the environment specs.
 */
export class SelfChangingAttributesContract implements PlatformContract {
  readonly id = 'convergence';
  readonly title = 'Convergence: nothing pinned by config is changed by AWS itself';

  evaluate({ model }: ContractInput): ContractResult {
    const checks: ContractCheck[] = SELF_CHANGING_ATTRIBUTES.flatMap(({ type, attribute, problem }) =>
      model.resources(type).map((resource) => {
        const found = problem(resource);
        return check(`${resource.constructPath}: ${attribute} is left to AWS where AWS changes it`, found ? [found] : []);
      }),
    );
    return { id: this.id, title: this.title, checks };
  }
}
