import { CapacityContract } from './capacity-contract';
import { CiInputsContract } from './ci-inputs-contract';
import { type ContractInput, contractPassed, type ContractResult, type PlatformContract } from './contract';
import { DeployOrderContract } from './deploy-order-contract';
import { DisasterRecoveryContract } from './disaster-recovery-contract';
import { IdentityContract } from './identity-contract';
import { KubernetesAccessContract } from './kubernetes-access-contract';
import { KubernetesSchemasContract } from './kubernetes-schemas-contract';
import { NetworkReachabilityContract } from './network-reachability-contract';
import { PodSecurityContract } from './pod-security-contract';
import { PublicEntryPointsContract } from './public-entry-points-contract';
import { KubernetesTrafficContract } from './kubernetes-traffic-contract';
import { ObservabilityCoverageContract } from './observability-coverage-contract';
import { SelfChangingAttributesContract } from './self-changing-attributes-contract';
import { StatefulResourcesContract } from './stateful-resources-contract';
import { StorageContract } from './storage-contract';

/** Every whole-platform contract, in the order they are reported. */
export function platformContracts(): PlatformContract[] {
  return [new NetworkReachabilityContract(), new PublicEntryPointsContract(), new IdentityContract(), new KubernetesAccessContract(), new StatefulResourcesContract(), new SelfChangingAttributesContract(), new KubernetesSchemasContract(), new CapacityContract(), new StorageContract(), new DeployOrderContract(), new CiInputsContract(), new PodSecurityContract(), new KubernetesTrafficContract(), new ObservabilityCoverageContract(), new DisasterRecoveryContract()];
}

/** Evaluates contracts (all by default) against one environment. */
export async function evaluateContracts(input: ContractInput, contracts: readonly PlatformContract[] = platformContracts()): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  for (const contract of contracts) results.push(await contract.evaluate(input));
  return results;
}

/**
 * The report people read: one line per contract with its verdict and counts, each failing check with its problems,
 * and the contract's notes.
 */
export function formatContractResults(environment: string, results: readonly ContractResult[]): string {
  const lines = [`contracts ${environment}:`];
  for (const result of results) {
    const failed = result.checks.filter((item) => !item.passed);
    lines.push(`  ${contractPassed(result) ? 'PASS' : 'FAIL'} ${result.id}: ${result.checks.length - failed.length}/${result.checks.length} checks hold — ${result.title}`);
    for (const item of failed) {
      lines.push(`    ✗ ${item.subject}`);
      for (const problem of item.problems) lines.push(`        ${problem}`);
    }
    for (const note of result.notes ?? []) lines.push(`    · ${note}`);
  }
  return lines.join('\n');
}
