import { evaluateContracts, contractPassed, formatContractResults } from '@platform/platform-contracts';
import { synthesizePlatform } from '@platform/stacks';
import { importEnvironment, knownEnvironments } from './environments';
import { readWorkflows } from './workflow-files';
async function main() {
  const name = process.argv[2];
  const input = importEnvironment(name) as Record<string, any>;
  const failed = { ...input, recovery: { ...input.recovery, activeRegion: 'secondary' } };
  const all = knownEnvironments().map((k) => ({ input: k === name ? failed : importEnvironment(k), expectedName: k }));
  for (const site of synthesizePlatform({ input: failed, expectedName: name }, all).sites) {
    const results = await evaluateContracts({ model: site.model, environment: site.environment, workflows: readWorkflows() });
    console.log(formatContractResults(site.name, results.filter((r) => !contractPassed(r))));
  }
}
main();
