/**
 * Task sizes Fargate offers (Linux): memory in MiB by CPU units (1024 = 1 vCPU), from the AWS documentation "Task
 * CPU and memory" of Amazon ECS. Any other pair is refused by RegisterTaskDefinition at apply time; checking it here
 * fails the synth instead.
 */
const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The CPU sizes (units) Fargate offers. */
export const FARGATE_CPU_SIZES: readonly number[] = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);

/** Memory sizes (MiB) Fargate offers with `cpu` units; empty when Fargate offers no such CPU size. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_MEMORY_BY_CPU[cpu] ?? [];
}

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);
}
