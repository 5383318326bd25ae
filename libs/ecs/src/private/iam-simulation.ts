import { runSimulation } from '@cloud-copilot/iam-simulate';

/** Account of the simulated principal and resources. */
export const SIMULATED_ACCOUNT = '123456789012';

/**
 * The default key policy of a KMS key: the account's IAM policies decide. KMS allows nothing without a key policy, so
 * `kms:` requests are simulated against this one.
 */
const KEY_POLICY_DEFERRING_TO_IAM = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SIMULATED_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/**
 * IAM's decision (`Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`) on `action` against `resource` when `policy` is
 * the role's only policy, by @cloud-copilot/iam-simulate. Throws when the simulator rejects the request or ignores a
 * context key, so no test passes on a malformed request.
 */
export async function simulate(policy: object, action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/simulated`,
        action,
        resource: { resource, accountId: SIMULATED_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: 'simulated', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: action.startsWith('kms:') ? KEY_POLICY_DEFERRING_TO_IAM : undefined,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation of ${action} failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${action} on ${resource} ignores context keys ${ignored.join(', ')}`);
  return result.overallResult;
}
