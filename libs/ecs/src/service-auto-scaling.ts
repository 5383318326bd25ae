import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { Construct } from 'constructs';
import { isIntegerBetween, requirement } from './private/compute-validation';

/** Scaling settings of a service; every field has the seed's value as default. */
export interface ServiceAutoScalingOptions {
  /**
   * Fewest running tasks.
   * @default 1
   */
  readonly minCapacity?: number;
  /**
   * Most running tasks.
   * @default 4
   */
  readonly maxCapacity?: number;
  /**
   * Average CPU utilization (%) of the service's tasks that target tracking holds.
   * @default 70
   */
  readonly cpuTargetPercent?: number;
  /**
   * Average memory utilization (%) of the service's tasks that target tracking holds.
   * @default 80
   */
  readonly memoryTargetPercent?: number;
  /**
   * Seconds after a scale-in before the next scale-in.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds after a scale-out before the next scale-out.
   * @default 300
   */
  readonly scaleOutCooldownSeconds?: number;
}

export interface ServiceAutoScalingProps extends ServiceAutoScalingOptions {
  readonly clusterName: string;
  readonly serviceName: string;
  /** The service's desired count when it is created; must lie between min and max capacity. */
  readonly desiredCount: number;
}

/**
 * Application Auto Scaling of an ECS service's desired count: target tracking on average CPU and on average memory
 * (the service scales out when either is above target, in only when both allow). Application Auto Scaling uses its
 * service-linked role for ECS, which AWS creates on first use, so no role is created here.
 */
export class ServiceAutoScaling extends Construct {
  readonly target: AppautoscalingTarget;
  readonly minCapacity: number;
  readonly maxCapacity: number;

  constructor(scope: Construct, id: string, props: ServiceAutoScalingProps) {
    super(scope, id);
    const settings = {
      minCapacity: props.minCapacity ?? 1,
      maxCapacity: props.maxCapacity ?? 4,
      cpuTargetPercent: props.cpuTargetPercent ?? 70,
      memoryTargetPercent: props.memoryTargetPercent ?? 80,
      scaleInCooldownSeconds: props.scaleInCooldownSeconds ?? 300,
      scaleOutCooldownSeconds: props.scaleOutCooldownSeconds ?? 300,
    };
    this.validate(props.desiredCount, settings);
    this.minCapacity = settings.minCapacity;
    this.maxCapacity = settings.maxCapacity;

    const scalable = {
      serviceNamespace: 'ecs',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
    };
    this.target = new AppautoscalingTarget(this, 'Resource', { ...scalable, minCapacity: settings.minCapacity, maxCapacity: settings.maxCapacity });
    const tracking = (id: string, metric: string, targetValue: number) =>
      new AppautoscalingPolicy(this, id, {
        name: `${props.serviceName}-${id.toLowerCase()}`,
        policyType: 'TargetTrackingScaling',
        // The target's attributes, so the policy is created after (and destroyed before) the target.
        serviceNamespace: this.target.serviceNamespace,
        resourceId: this.target.resourceId,
        scalableDimension: this.target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: metric },
          targetValue,
          scaleInCooldown: settings.scaleInCooldownSeconds,
          scaleOutCooldown: settings.scaleOutCooldownSeconds,
        },
      });
    tracking('Cpu', 'ECSServiceAverageCPUUtilization', settings.cpuTargetPercent);
    tracking('Memory', 'ECSServiceAverageMemoryUtilization', settings.memoryTargetPercent);
  }

  private validate(desiredCount: number, settings: Required<ServiceAutoScalingOptions>): void {
    const require = requirement(this);
    const { minCapacity, maxCapacity } = settings;
    require(isIntegerBetween(minCapacity, 1, 5000), 'minCapacity', `${minCapacity} is not a task count of at least 1`, 'keep at least one task running, e.g. 1');
    require(
      Number.isInteger(maxCapacity) && maxCapacity >= minCapacity,
      'maxCapacity',
      `${maxCapacity} is below minCapacity ${minCapacity}`,
      `use a whole number of at least ${minCapacity}`,
    );
    require(
      desiredCount >= minCapacity && desiredCount <= maxCapacity,
      'desiredCount',
      `${desiredCount} lies outside minCapacity ${minCapacity} to maxCapacity ${maxCapacity}`,
      'choose min ≤ desired ≤ max',
    );
    for (const field of ['cpuTargetPercent', 'memoryTargetPercent'] as const) {
      require(isIntegerBetween(settings[field], 10, 95), field, `${settings[field]} is outside 10 to 95 %`, 'use e.g. 70 for CPU, 80 for memory');
    }
    for (const field of ['scaleInCooldownSeconds', 'scaleOutCooldownSeconds'] as const) {
      require(isIntegerBetween(settings[field], 0, 3600), field, `${settings[field]} is outside 0 to 3600 seconds`, 'use e.g. 300');
    }
  }
}
