/**
 * Helpers for the whole-platform contract specs: an environment synthesized once, and a contract evaluated on a copy
 * of its stacks changed the way a regression would change them.
 */
import { contractPassed, type ContractResult, type PlatformContract, PlatformModel } from '@platform/platform-contracts';
import { readSynthesizedPlatform, synthesizePlatformStacks, type SynthesizedPlatform } from '@platform/stacks';
import { importEnvironment, knownEnvironments } from './environments';
import { cachedSynthesis } from './synthesis-cache';
import { readWorkflows } from './workflow-files';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** Synthesis of a whole environment on a busy 2-core runner. */
export const SYNTH_TIMEOUT_MS = 60_000;

/**
 * One environment synthesized as `npm run contracts` does (with its account's bootstrap stack); its stacks are
 * synthesized once per test run and version of the code (./synthesis-cache.ts), each caller gets its own copy.
 */
export function synthesizeForContracts(name: string): SynthesizedPlatform {
  const source = { input: importEnvironment(name), expectedName: name };
  const synthesize = () => synthesizePlatformStacks(source, knownEnvironments().map((known) => ({ input: importEnvironment(known), expectedName: known })));
  return readSynthesizedPlatform(source, cachedSynthesis(`contracts-${name}`, synthesize));
}

/** The failing checks of a result, as `subject: problem; problem`. */
export function failures(result: ContractResult): string[] {
  return result.checks.filter((item) => !item.passed).map((item) => `${item.subject}: ${item.problems.join('; ')}`);
}

/** The workspace's workflows (.github/workflows), parsed, as `npm run contracts` gives them to the contracts. */
export function workflowsForContracts(): Record<string, Json> {
  return readWorkflows() as Record<string, Json>;
}

/**
 * Evaluates `contract` on a copy of the platform's stacks changed by `mutate` (with the stack dependencies of its
 * manifest; and on the workflows, changed by `mutateWorkflows`), expects it to fail, and returns its failing checks.
 */
export async function evaluateBroken(
  platform: SynthesizedPlatform,
  contract: PlatformContract,
  mutate: (stacks: Record<string, Json>) => void,
  mutateWorkflows: (workflows: Record<string, Json>) => void = () => undefined,
): Promise<string[]> {
  const stacks = structuredClone(platform.stacks) as Record<string, Json>;
  mutate(stacks);
  const workflows = workflowsForContracts();
  mutateWorkflows(workflows);
  const result = await contract.evaluate({ model: new PlatformModel(stacks, { dependencies: platform.dependencies }), environment: platform.environment, workflows });
  expect(contractPassed(result)).toBe(false);
  return failures(result);
}

/** The blocks of one resource type in `<environment>-<kind>`. */
export function resourcesOf(stacks: Record<string, Json>, stack: string, type: string): Record<string, Json> {
  return stacks[stack].resource[type];
}
