import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Construct } from 'constructs';
import { requirement, requireResourceName } from './private/compute-validation';

/** What a Fargate service needs to know of its cluster; {@link EcsCluster} provides it. */
export interface EcsClusterReference {
  readonly clusterName: string;
  readonly clusterArn: string;
}

/** Container Insights level: `enhanced` adds task- and container-level metrics at a higher CloudWatch price. */
export type ContainerInsightsLevel = 'enabled' | 'enhanced';

export interface EcsClusterProps {
  /** Cluster name, e.g. `storymagic-production`: lower-case letters, digits and single hyphens, at most 255 characters. */
  readonly name: string;
  /**
   * Container Insights: CPU, memory, network and task-count metrics per cluster and service in CloudWatch (the
   * metrics the seed's alarms and the service's target tracking read). It cannot be switched off here.
   * @default 'enabled'
   */
  readonly containerInsights?: ContainerInsightsLevel;
  /**
   * Also offer the `FARGATE_SPOT` capacity provider (up to 70 % cheaper, but AWS may stop a task with two minutes'
   * notice). Only services that ask for it use it; the cluster's default strategy stays on-demand `FARGATE`.
   * @default false
   */
  readonly fargateSpot?: boolean;
  /**
   * Tags of the cluster, merged with the provider's default tags.
   * @default - only `Name`
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An ECS cluster for Fargate services: Container Insights on, the `FARGATE` capacity provider (and `FARGATE_SPOT` when
 * asked for) with on-demand `FARGATE` as the default strategy. Fargate has no instances to manage, so the cluster is
 * only a namespace with settings.
 */
export class EcsCluster extends Construct implements EcsClusterReference {
  static readonly DEFAULT_CONTAINER_INSIGHTS: ContainerInsightsLevel = 'enabled';

  readonly cluster: EcsClusterResource;
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Capacity providers services of this cluster may use. */
  readonly capacityProviders: readonly string[];

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const containerInsights = props.containerInsights ?? EcsCluster.DEFAULT_CONTAINER_INSIGHTS;
    const require = requirement(this);
    requireResourceName(require, props.name, 255);
    require(
      (['enabled', 'enhanced'] as readonly string[]).includes(containerInsights),
      'containerInsights',
      `'${containerInsights}' is not a Container Insights level this construct allows (the alarms and scaling need its metrics)`,
      "use 'enabled' or 'enhanced'",
    );

    this.cluster = new EcsClusterResource(this, 'Resource', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: containerInsights }],
      tags: { ...props.tags, Name: props.name },
    });
    this.capacityProviders = props.fargateSpot === true ? ['FARGATE', 'FARGATE_SPOT'] : ['FARGATE'];
    new EcsClusterCapacityProviders(this, 'CapacityProviders', {
      clusterName: this.cluster.name,
      capacityProviders: [...this.capacityProviders],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
  }
}
