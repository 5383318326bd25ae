// IAM decisions for specs, by @cloud-copilot/iam-simulate: an entry point of its own, so specs without IAM never load it.
import { runSimulation } from '@cloud-copilot/iam-simulate';

/** Account of the simulated principals and resources. */
export const SIMULATED_ACCOUNT = '123456789012';

/** One request as IAM authorizes it: who asks, for what, on which resource, under which resource policy. */
export interface SimulatedRequest {
  /** Role name of the principal, in {@link SIMULATED_ACCOUNT}; or an AWS service principal such as `events.amazonaws.com` (with `service: true`). */
  readonly role: string;
  /** Whether `role` is an AWS service principal, which has no identity policy: only the resource policy decides. */
  readonly service?: boolean;
  readonly action: string;
  readonly resource: string;
  /** Policy of the resource (a key policy, a vault access policy); none for a resource without one. */
  readonly resourcePolicy?: object;
  readonly context?: Readonly<Record<string, string>>;
}

/** Lets the principal do anything: the resource policy alone decides. */
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** Grants the principal nothing: only a resource policy naming it can allow. */
const ALLOW_NOTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };

/**
 * What IAM decides (`Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`) for `request` by @cloud-copilot/iam-simulate,
 * when the principal's identity policy allows everything (`identity: 'all'`), nothing, or is the given policy (a
 * role's own policy under test). Fails when the simulator rejects the request or ignores a context key, so no
 * assertion passes on a malformed request.
 */
export async function decide(request: SimulatedRequest, identity: 'all' | 'nothing' | object): Promise<string> {
  const principal = request.service ? request.role : `arn:aws:iam::${SIMULATED_ACCOUNT}:role/${request.role}`;
  const result = await runSimulation(
    {
      request: {
        principal,
        action: request.action,
        resource: { resource: request.resource, accountId: SIMULATED_ACCOUNT },
        // IAM sets aws:PrincipalArn on every request; the simulator only knows what it is given.
        contextVariables: { ...(request.service ? {} : { 'aws:PrincipalArn': principal }), ...request.context },
      },
      identityPolicies: request.service ? [] : [{ name: 'identity', policy: identity === 'all' ? ALLOW_ALL : identity === 'nothing' ? ALLOW_NOTHING : identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation of ${request.action} failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${request.action} on ${request.resource} ignores context keys ${ignored.join(', ')}`);
  return result.overallResult;
}
