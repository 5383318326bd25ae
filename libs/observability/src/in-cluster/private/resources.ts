import { ConstructValidationError } from '@platform/core';
import { IConstruct } from 'constructs';
import { ContainerResources } from '../container-resources';

/** A Kubernetes resource quantity in canonical form, e.g. `500m`, `2`, `512Mi`. */
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A ContainerResources value: CPU request, memory request, memory limit. */
export function containerResources(cpu: string, memory: string, memoryLimit: string): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** Requires every quantity of `resources` to be a Kubernetes quantity, naming the field in the error. */
export function requireResources(scope: IConstruct, resources: ContainerResources, field: string): void {
  const quantities: [string, string][] = [
    ['requests.cpu', resources.requests.cpu],
    ['requests.memory', resources.requests.memory],
    ['limits.memory', resources.limits.memory],
  ];
  for (const [path, quantity] of quantities) {
    ConstructValidationError.require(scope, QUANTITY.test(quantity), `${field}.${path}`, `'${quantity}' is not a Kubernetes quantity`, "write a quantity such as '500m', '2' or '2Gi'");
  }
}
