import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { ClusterAutoscaler, ClusterAutoscalerProps } from './cluster-autoscaler';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

const PROPS: ClusterAutoscalerProps = {
  clusterName: 'platform-production',
  region: 'eu-central-1',
  roleArn: 'arn:aws:iam::123456789012:role/platform-production-cluster-autoscaler',
};

describe('ClusterAutoscaler', () => {
  const synth = (props: Partial<ClusterAutoscalerProps> = {}) => synthJson((scope) => new ClusterAutoscaler(scope, 'autoscaler', { ...PROPS, ...props }));
  const release = releaseOf(synth(), 'autoscaler');
  const values = valuesOf(release);

  it('installs the pinned cluster-autoscaler chart into kube-system, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.clusterAutoscaler, 'kube-system', false),
      name: 'cluster-autoscaler',
      repository: 'https://kubernetes.github.io/autoscaler',
      chart: 'cluster-autoscaler',
      version: '9.59.0',
    });
  });

  it('discovers the node groups of the cluster in its region', () => {
    expect(values).toMatchObject({ cloudProvider: 'aws', awsRegion: 'eu-central-1', autoDiscovery: { clusterName: 'platform-production' } });
  });

  it('runs as the service account the IRSA role trusts', () => {
    expect(values.rbac.serviceAccount).toEqual({
      create: true,
      name: 'cluster-autoscaler',
      annotations: { 'eks.amazonaws.com/role-arn': PROPS.roleArn },
    });
  });

  it('balances similar node groups, may scale down nodes with system pods and expands the least-waste group', () => {
    expect(values.extraArgs).toEqual({ 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false, expander: 'least-waste' });
  });

  it('runs two replicas behind a disruption budget and keeps the chart’s image unless told', () => {
    expect(values).toMatchObject({ replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 }, priorityClassName: 'system-cluster-critical' });
    expect(values).not.toHaveProperty('image');
    expect(valuesOf(releaseOf(synth({ imageTag: 'v1.33.0' }), 'autoscaler')).image).toEqual({ tag: 'v1.33.0' });
  });

  it.each<[string, Partial<ClusterAutoscalerProps>, RegExp]>([
    ['a malformed role ARN', { roleArn: 'cluster-autoscaler' }, /autoscaler: roleArn: 'cluster-autoscaler' is not an IAM role ARN/],
    ['a missing role ARN', { roleArn: '' }, /autoscaler: roleArn: is missing/],
    ['zero replicas', { replicas: 0 }, /autoscaler: replicas: 0 is not a positive whole number/],
    ['an image tag that is not a release', { imageTag: 'latest' }, /autoscaler: imageTag: 'latest' is not a cluster-autoscaler release tag/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
