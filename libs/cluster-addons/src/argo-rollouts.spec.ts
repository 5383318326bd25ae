import { synthJson } from '@platform/terraform-testing';
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

  it('grants RBAC for the AWS Load Balancer Controller only, the one traffic router the platform runs', () => {
    const { providers } = valuesOf(releaseOf(synth(), 'argo-rollouts')).providerRBAC;
    expect(Object.entries(providers).filter(([, on]) => on)).toEqual([['awsLoadBalancerController', true]]);
  });

  it('refuses a replica count below one', () => {
    expect(() => synth({ replicas: 0 })).toThrow(/replicas: 0 is not a replica count\. Fix: run 1 or more replicas/);
  });
});
