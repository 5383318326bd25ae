import { FARGATE_CPU_SIZES, fargateMemoryOptions } from './fargate-sizes';

describe('Fargate task sizes', () => {
  it('offer the seed 003 sizes: 0.5 vCPU with 1 GB (development), 1 vCPU with 2 GB (production)', () => {
    expect(fargateMemoryOptions(512)).toContain(1024);
    expect(fargateMemoryOptions(1024)).toContain(2048);
  });

  it.each([
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [1024, [2048, 3072, 4096, 5120, 6144, 7168, 8192]],
  ])('list every memory size of %i CPU units', (cpu, memory) => {
    expect(fargateMemoryOptions(cpu)).toEqual(memory);
  });

  it('end each range where AWS does: 4 vCPU up to 30 GB, 8 vCPU 16–60 GB in 4 GB steps, 16 vCPU 32–120 GB in 8 GB steps', () => {
    expect(fargateMemoryOptions(4096).at(-1)).toBe(30720);
    expect(fargateMemoryOptions(8192)).toEqual(expect.arrayContaining([16384, 20480, 61440]));
    expect(fargateMemoryOptions(8192)).not.toContain(17408);
    expect(fargateMemoryOptions(16384)).toEqual(expect.arrayContaining([32768, 40960, 122880]));
  });

  it('offer no memory for a CPU size Fargate does not have', () => {
    expect(fargateMemoryOptions(1000)).toEqual([]);
    expect(FARGATE_CPU_SIZES).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
  });
});
