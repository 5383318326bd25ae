import { runSimulation, runUnsafeSimulation, Simulation } from '@cloud-copilot/iam-simulate';

/** Account of the simulated requests: the principal's and every resource's. */
export const SIMULATED_ACCOUNT = '123456789012';

/** The default key policy of a KMS key (what `KmsKey` without a policy gets): IAM policies of the account decide. */
export const KMS_KEY_POLICY_ENABLING_IAM = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SIMULATED_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** One API request as IAM authorizes it: the action, the resource ARN and the request context. */
export interface SimulatedRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /**
   * Policy of the resource, e.g. a KMS key policy (KMS requires one to allow every use of a key).
   * @default - none
   */
  readonly resourcePolicy?: object;
  /**
   * Why this request cannot be checked against the simulator's action data, which then evaluates the policy as is
   * (no resource type or context key check). Only for actions whose data is known to be wrong, e.g. ELBv2
   * `AddTags` on target groups and listeners: iam-data lists the Classic Load Balancer `AddTags` under the shared
   * `elasticloadbalancing` prefix.
   * @default - the request is validated
   */
  readonly unvalidatedBecause?: string;
}

/**
 * What IAM decides for `request` when `policy` is the principal's only identity policy, evaluated by
 * @cloud-copilot/iam-simulate: `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`. Fails when the simulator rejects
 * the request or ignores a context key (one that does not apply to the action), so that no assertion passes only
 * because the request was malformed.
 */
export async function decide(policy: object, request: SimulatedRequest): Promise<string> {
  const simulation: Simulation = {
    request: {
      principal: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/addon`,
      action: request.action,
      resource: { resource: request.resource, accountId: SIMULATED_ACCOUNT },
      contextVariables: { ...request.context },
    },
    identityPolicies: [{ name: 'addon', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  };
  if (request.unvalidatedBecause !== undefined) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation of ${request.action} failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${request.action} on ${request.resource} ignores context keys ${ignored.join(', ')}`);
  return result.overallResult;
}
