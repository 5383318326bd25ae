import { PlatformNamespaces } from '@platform/cluster-addons';
import { MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES } from './catalogs';
import { workloadsQuota } from './workloads-quota';
import { ServiceSpec } from './workload-spec';

const service = (spec: Partial<ServiceSpec>): ServiceSpec => ({ ...NOVEL_ENGINE_SERVICES[0], autoscaling: undefined, ...spec });

describe('workloadsQuota', () => {
  it('holds Novel Engine and the microservices at their autoscalers’ maxima with one rolling update', () => {
    // Novel Engine 21 × (250m + 100m), the microservices 11 × (250m + 200m + 300m + 250m + 250m): 21.1 cores.
    expect(workloadsQuota([...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG])).toEqual({
      requestsCpu: '22',
      requestsMemory: '41Gi',
      limitsCpu: '59',
      limitsMemory: '82Gi',
      pods: 100,
    });
  });

  it('never goes below the platform’s default quota', () => {
    const { persistentVolumeClaims: _claims, requestsStorage: _storage, loadBalancers: _balancers, nodePorts: _ports, ...defaults } = PlatformNamespaces.DEFAULT_QUOTA;
    expect(workloadsQuota([service({ replicas: 1 })])).toEqual(defaults);
  });

  it('counts percentage surges, and the namespace’s LimitRange defaults for a container without resources', () => {
    const pods = Array.from({ length: 30 }, (_, index) => service({ name: `s${index}`, replicas: 4, maxSurge: '25%', resources: {} }));
    // 30 × 5 pods of 100m/128Mi requests and 500m/512Mi limits.
    expect(workloadsQuota(pods)).toEqual({ requestsCpu: '15', requestsMemory: '19Gi', limitsCpu: '75', limitsMemory: '75Gi', pods: 150 });
  });
});
