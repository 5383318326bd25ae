import { cpuMillicores, memoryMebibytes } from './capacity-contract';
import { allocatable, INSTANCE_TYPES, maxPods } from './private/capacity-tables';

describe('capacity arithmetic', () => {
  it.each([
    ['t3.medium', 17, 110],
    ['t3.large', 35, 110],
    ['t3.xlarge', 58, 110],
    ['c5.large', 29, 110],
  ])('%s takes %i pods with secondary IPs (eni-max-pods.txt) and %i with prefix delegation (the managed node group cap)', (type, secondary, prefixes) => {
    expect(maxPods(INSTANCE_TYPES[type], false)).toBe(secondary);
    expect(maxPods(INSTANCE_TYPES[type], true)).toBe(prefixes);
  });

  it('leaves a t3.medium 1,930 millicores and, at 110 pods, 2,264 MiB (kube-reserved 11 MiB per pod + 255, eviction 100)', () => {
    expect(allocatable(INSTANCE_TYPES['t3.medium'], 110)).toEqual({ cpu: 1930, memory: 3829 - 1465 - 100 });
    expect(allocatable(INSTANCE_TYPES['t3.medium'], 17).memory).toBe(3829 - 442 - 100);
  });

  it.each([
    ['250m', 250],
    ['1', 1000],
    ['0.5', 500],
    [undefined, 0],
  ])('reads CPU %s as %i millicores', (quantity, millicores) => expect(cpuMillicores(quantity)).toBe(millicores));

  it.each([
    ['512Mi', 512],
    ['1Gi', 1024],
    ['1.2Gi', 1228.8],
    ['1024Ki', 1],
    [undefined, 0],
  ])('reads memory %s as %d MiB', (quantity, mebibytes) => expect(memoryMebibytes(quantity)).toBeCloseTo(mebibytes));
});
