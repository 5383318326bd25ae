import { synthJson } from '@platform/terraform-testing';
import { decide } from '@platform/terraform-testing/iam';
import { ARGO_ROLLOUTS_CHART } from './addon-catalog';
import { ArgoRollouts, ArgoRolloutsProps } from './argo-rollouts';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('ArgoRollouts', () => {
  const synth = (props: ArgoRolloutsProps = {}) => synthJson((scope) => new ArgoRollouts(scope, 'argo-rollouts', props));

  it('installs the pinned chart and its CRDs into its own restricted namespace, atomically', () => {
    const json = synth();
    expect(releaseOf(json, 'argo-rollouts')).toMatchObject({ ...releaseSettings(ARGO_ROLLOUTS_CHART, 'argo-rollouts', true), name: 'argo-rollouts', chart: 'argo-rollouts', version: '2.41.0' });
    expect(json.resources('kubernetes_namespace_v1')).toEqual([
      expect.objectContaining({ metadata: { name: 'argo-rollouts', labels: expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }) } }),
    ]);
    expect(valuesOf(releaseOf(json, 'argo-rollouts'))).toMatchObject({ installCRDs: true, keepCRDs: true });
  });

  it('runs two controllers with a disruption budget, resources and a restricted security context by default', () => {
    const values = valuesOf(releaseOf(synth(), 'argo-rollouts'));
    expect(values.controller).toMatchObject({ replicas: 2, pdb: { enabled: true, minAvailable: 1 }, resources: ArgoRollouts.RESOURCES, metrics: { enabled: true } });
    expect(values.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.containerSecurityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
  });

  it('with one replica has no disruption budget, which would block every node drain', () => {
    expect(valuesOf(releaseOf(synth({ replicas: 1 }), 'argo-rollouts')).controller.pdb).toEqual({ enabled: false, minAvailable: 1 });
  });

  it('with an IRSA role verifies the ALB weights before shrinking a stable version, reading load balancers only', async () => {
    const roleArn = 'arn:aws:iam::123456789012:role/platform-production-argo-rollouts';
    const values = valuesOf(releaseOf(synth({ roleArn }), 'argo-rollouts'));
    expect(values.serviceAccount).toEqual({ name: 'argo-rollouts', annotations: { 'eks.amazonaws.com/role-arn': roleArn } });
    expect(values.controller.awsVerifyTargetGroup).toBe(true);
    const unverified = valuesOf(releaseOf(synth(), 'argo-rollouts'));
    expect(unverified.controller.awsVerifyTargetGroup).toBe(false);
    expect(unverified.serviceAccount).toBeUndefined();
    const policy = ArgoRollouts.iamPolicy();
    const may = (action: string, resource = 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/k8s-x/abc') => decide({ role: 'argo-rollouts', action, resource }, policy);
    // Describe calls take no resource: IAM evaluates them on `*`.
    expect(await may('elasticloadbalancing:DescribeTargetHealth', '*')).toBe('Allowed');
    for (const action of ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:DeleteTargetGroup']) {
      expect(await may(action)).not.toBe('Allowed');
    }
  });

  it('grants RBAC for the AWS Load Balancer Controller only, the one traffic router the platform runs', () => {
    const { providers } = valuesOf(releaseOf(synth(), 'argo-rollouts')).providerRBAC;
    expect(Object.entries(providers).filter(([, on]) => on)).toEqual([['awsLoadBalancerController', true]]);
  });

  it('refuses a replica count below one', () => {
    expect(() => synth({ replicas: 0 })).toThrow(/replicas: 0 is not a replica count\. Fix: run 1 or more replicas/);
  });
});
