import { check, type ContractInput, type ContractResult, type PlatformContract } from '../contract';

/** Terraform types that exist only where there is a Kubernetes cluster. */
const KUBERNETES_TYPE = /^(kubernetes_|helm_|aws_eks_)/;

/**
 * The result of a Kubernetes-only contract in an ECS environment (`compute: 'ecs'`): not a silent pass, but a note
 * saying why nothing applies, and one check that keeps it true — no Kubernetes object, Helm release or EKS resource in
 * the stacks, which this contract would otherwise have to check. Undefined on EKS: the contract runs as usual.
 */
export function notApplicableOnEcs(contract: PlatformContract, { model, environment }: ContractInput, why: string): ContractResult | undefined {
  if (environment.compute !== 'ecs') return undefined;
  const found = Object.entries(model.stacks).flatMap(([stack, json]) =>
    Object.keys(((json as { resource?: Record<string, unknown> }).resource ?? {}) as object)
      .filter((type) => KUBERNETES_TYPE.test(type))
      .map((type) => `${stack} has ${type}, which ${contract.id} does not check in an ECS environment. Fix: remove it, or run the environment on EKS (compute: 'eks')`),
  );
  return {
    id: contract.id,
    title: contract.title,
    checks: [check(`${environment.name} runs on ECS Fargate: no Kubernetes object, Helm release or EKS resource in its stacks`, found)],
    notes: [`not applicable: ${environment.name} runs on ECS Fargate (compute: 'ecs'); ${why}`],
  };
}
