import { synthJson } from '@platform/terraform-testing';
import { EcsCluster, EcsClusterProps } from './ecs-cluster';

const synth = (props: Partial<EcsClusterProps> = {}) => synthJson((scope) => new EcsCluster(scope, 'cluster', { name: 'storymagic-production', ...props }));

describe('EcsCluster', () => {
  const json = synth();

  it('turns Container Insights on', () => {
    expect(json.resources('aws_ecs_cluster')[0]).toMatchObject({
      name: 'storymagic-production',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      tags: { Name: 'storymagic-production' },
    });
  });

  it('offers on-demand FARGATE only, as the default strategy', () => {
    expect(json.resource('aws_ecs_cluster_capacity_providers', 'CapacityProviders')).toMatchObject({
      cluster_name: json.ref(json.resources('aws_ecs_cluster')[0], 'name'),
      capacity_providers: ['FARGATE'],
      default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', base: 1, weight: 1 }],
    });
  });

  it('offers FARGATE_SPOT when asked, keeping on-demand as the default', () => {
    const providers = synth({ fargateSpot: true }).resource('aws_ecs_cluster_capacity_providers', 'CapacityProviders');
    expect(providers.capacity_providers).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(providers.default_capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE', base: 1, weight: 1 }]);
  });

  it('accepts enhanced Container Insights', () => {
    expect(synth({ containerInsights: 'enhanced' }).resources('aws_ecs_cluster')[0].setting).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
  });

  describe('validation', () => {
    it.each<[string, Partial<EcsClusterProps>, RegExp]>([
      ['Container Insights switched off', { containerInsights: 'disabled' as 'enabled' }, /cluster: containerInsights: 'disabled' is not a Container Insights level.*Fix: use 'enabled' or 'enhanced'/],
      ['a name with capitals', { name: 'StoryMagic' }, /cluster: name: 'StoryMagic' is not a name/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
