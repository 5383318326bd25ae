import { synthJson } from '@platform/terraform-testing';
import { ServiceAutoScaling, ServiceAutoScalingProps } from './service-auto-scaling';

const synth = (props: Partial<ServiceAutoScalingProps> = {}) =>
  synthJson((scope) => new ServiceAutoScaling(scope, 'scaling', { clusterName: 'storymagic-production', serviceName: 'storymagic-api', desiredCount: 2, ...props }));

describe('ServiceAutoScaling', () => {
  const json = synth();
  const target = json.resources('aws_appautoscaling_target')[0];

  it('scales the desired count of the service between 1 and 4 tasks', () => {
    expect(target).toMatchObject({
      service_namespace: 'ecs',
      resource_id: 'service/storymagic-production/storymagic-api',
      scalable_dimension: 'ecs:service:DesiredCount',
      min_capacity: 1,
      max_capacity: 4,
    });
  });

  it.each([
    ['Cpu', 'ECSServiceAverageCPUUtilization', 70],
    ['Memory', 'ECSServiceAverageMemoryUtilization', 80],
  ])('tracks %s at the seed target with 300 s cooldowns', (id, metric, targetValue) => {
    const policy = json.resource('aws_appautoscaling_policy', id);
    expect(policy).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      resource_id: json.ref(target, 'resource_id'),
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: metric },
        target_value: targetValue,
        scale_in_cooldown: 300,
        scale_out_cooldown: 300,
      },
    });
  });

  describe('validation', () => {
    it.each<[string, Partial<ServiceAutoScalingProps>, RegExp]>([
      ['a desired count above the maximum', { desiredCount: 5 }, /scaling: desiredCount: 5 lies outside minCapacity 1 to maxCapacity 4\. Fix: choose min ≤ desired ≤ max/],
      ['a desired count below the minimum', { desiredCount: 1, minCapacity: 2 }, /desiredCount: 1 lies outside minCapacity 2/],
      ['a maximum below the minimum', { minCapacity: 3, maxCapacity: 2 }, /maxCapacity: 2 is below minCapacity 3/],
      ['scaling to zero', { minCapacity: 0, desiredCount: 1 }, /minCapacity: 0 is not a task count of at least 1/],
      ['a CPU target of 100 %', { cpuTargetPercent: 100 }, /cpuTargetPercent: 100 is outside 10 to 95/],
      ['a negative cooldown', { scaleInCooldownSeconds: -1 }, /scaleInCooldownSeconds: -1 is outside 0 to 3600/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
