import { IamStatement, needsServiceAccountRole, ServiceSpec } from './workload-spec';

/** What the IRSA role of one service must be: the service account it trusts and the policy it grants. */
export interface ServiceAccountRoleRequest {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account (the service's name). */
  readonly serviceAccount: string;
  /**
   * IAM policy document (JSON) of the role, from the service's iamStatements.
   * @default - no inline policy: the role only connects to the database or cache (granted by the data stack)
   */
  readonly policyJson?: string;
}

/**
 * The IRSA roles the services of `namespace` need, by service name: one for each service with iamStatements or
 * with `network.database` / `network.cache` (IAM authentication; the data stack attaches the connect policy).
 * The shape matches the cluster library's ServiceAccountRoleOptions, so the cluster stack creates them with
 * `cluster.addServiceAccountRole(...)` and passes the ARNs back as WorkloadsProps.serviceAccountRoleArns.
 */
export function serviceAccountRoleRequests(specs: readonly ServiceSpec[], namespace: string): Record<string, ServiceAccountRoleRequest> {
  const requests: Record<string, ServiceAccountRoleRequest> = {};
  for (const spec of specs) {
    if (!needsServiceAccountRole(spec)) continue;
    const statements = spec.iamStatements ?? [];
    requests[spec.name] = {
      namespace,
      serviceAccount: spec.name,
      ...(statements.length === 0 ? {} : { policyJson: policyDocument(statements) }),
    };
  }
  return requests;
}

function policyDocument(statements: readonly IamStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({
      ...(statement.sid === undefined ? {} : { Sid: statement.sid }),
      Effect: 'Allow',
      Action: [...statement.actions],
      Resource: [...statement.resources],
    })),
  });
}
