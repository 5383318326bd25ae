/**
 * Checks the whole-platform contracts of environments: synthesizes each (with its account's bootstrap stack), reads
 * all its stacks as one system (with the CI workflows of .github/workflows) and prints every contract with pass/fail and, for each failure, the exact flow,
 * request or resource. Exits 1 when any contract fails.
 *
 *   npm run contracts -- [environment ...]     (default: every environment)
 */
import { contractPassed, evaluateContracts, formatContractResults } from '@platform/platform-contracts';
import { synthesizePlatform } from '@platform/stacks';
import { environmentFile, importEnvironment, knownEnvironments, resolveEnvironmentNames } from './environments';
import { CommandSpec, parseCommandLine } from './cli-arguments';
import { runAsyncTool } from './run-tool';
import { readWorkflows } from './workflow-files';

export const CONTRACTS_COMMAND = {
  command: 'npm run contracts --',
  description: 'Checks the whole-platform contracts of environments (with their bootstrap and CI workflows); exit 1 when one fails.',
  positionals: [{ name: 'environment', description: 'the environments to check (default: every one)', optional: true, variadic: true }],
} as const satisfies CommandSpec;

/** The environments named on the command line (every one when none is). */
export function parseContractsArguments(args: readonly string[]): string[] {
  return resolveEnvironmentNames(parseCommandLine(CONTRACTS_COMMAND, args).positionals);
}

/** The command; returns the exit code. */
export async function contractsCommand(args: readonly string[]): Promise<number> {
  const environments = parseContractsArguments(args);
  const source = (name: string) => ({ input: importEnvironment(name), expectedName: name, source: environmentFile(name) });
  const all = knownEnvironments().map(source);
  const workflows = readWorkflows();
  let failed = 0;
  for (const name of environments) {
    // Each region on its own: the primary, then the secondary region of an environment with disaster recovery.
    for (const site of synthesizePlatform(source(name), all).sites) {
      const results = await evaluateContracts({ model: site.model, environment: site.environment, workflows });
      console.log(formatContractResults(site.name, results));
      failed += results.filter((result) => !contractPassed(result)).length;
    }
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runAsyncTool(() => contractsCommand(process.argv.slice(2)));
