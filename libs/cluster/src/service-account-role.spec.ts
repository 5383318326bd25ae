import { synthJson, SynthesizedJson } from '@platform/terraform-testing';
import { ServiceAccountRole, ServiceAccountRoleProps } from './service-account-role';

const ISSUER = 'oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const PROPS: ServiceAccountRoleProps = {
  oidcProviderArn: PROVIDER_ARN,
  oidcIssuer: ISSUER,
  roleName: 'platform-test-backend',
  namespace: 'apps',
  serviceAccount: 'backend',
};

const synthRole = (props: Partial<ServiceAccountRoleProps> = {}) => synthJson((scope) => new ServiceAccountRole(scope, 'role', { ...PROPS, ...props }));

interface PolicyDocumentStatement {
  effect: string;
  actions: string[];
  principals: { type: string; identifiers: string[] }[];
  condition: { test: string; variable: string; values: string[] }[];
}

/** The trust policy document data source (aws_iam_policy_document, evaluated locally by the provider). */
function trustPolicy(json: SynthesizedJson): { logicalId: string; statement: PolicyDocumentStatement[] } {
  const documents = (json.json as { data?: Record<string, Record<string, { statement: PolicyDocumentStatement[] }>> }).data?.aws_iam_policy_document ?? {};
  const [[logicalId, document]] = Object.entries(documents);
  return { logicalId, ...document };
}

describe('ServiceAccountRole', () => {
  const json = synthRole();

  it('lets only the cluster’s OIDC provider assume the role with a web identity', () => {
    const [statement] = trustPolicy(json).statement;
    expect(statement).toMatchObject({
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [PROVIDER_ARN] }],
    });
  });

  it('requires the service account as subject and STS as audience', () => {
    expect(trustPolicy(json).statement[0].condition).toEqual([
      { test: 'StringEquals', variable: `${ISSUER}:sub`, values: ['system:serviceaccount:apps:backend'] },
      { test: 'StringEquals', variable: `${ISSUER}:aud`, values: ['sts.amazonaws.com'] },
    ]);
  });

  it('builds the condition keys from an issuer token, as the data source takes them as string arguments', () => {
    const fromToken = synthRole({ oidcIssuer: '${replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")}' });
    expect(trustPolicy(fromToken).statement[0].condition.map((c) => c.variable)).toEqual([
      '${replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")}:sub',
      '${replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")}:aud',
    ]);
  });

  it('uses the document as the role’s trust policy', () => {
    expect(json.resource('aws_iam_role', 'role')).toMatchObject({
      name: 'platform-test-backend',
      assume_role_policy: `\${data.aws_iam_policy_document.${trustPolicy(json).logicalId}.json}`,
    });
  });

  it('has no permissions unless given some', () => {
    expect(json.resources('aws_iam_role_policy')).toEqual([]);
    expect(json.resources('aws_iam_role_policy_attachment')).toEqual([]);
  });

  it('attaches an inline policy and managed policies, each keyed by the policy name', () => {
    const policyJson = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/*' }] });
    const withPolicies = synthRole({
      policyJson,
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::123456789012:policy/team/platform-extra'],
    });
    const role = withPolicies.resource('aws_iam_role', 'role');
    expect(withPolicies.resource('aws_iam_role_policy', 'Policy')).toMatchObject({ name: 'backend', role: withPolicies.ref(role, 'id'), policy: policyJson });
    expect(withPolicies.resource('aws_iam_role_policy_attachment', 'ManagedPolicy-AmazonS3ReadOnlyAccess')).toMatchObject({
      role: withPolicies.ref(role, 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    });
    expect(withPolicies.resource('aws_iam_role_policy_attachment', 'ManagedPolicy-platform-extra').policy_arn).toBe('arn:aws:iam::123456789012:policy/team/platform-extra');
  });

  describe('validation', () => {
    it.each<[string, Partial<ServiceAccountRoleProps>, RegExp]>([
      ['a namespace with upper case', { namespace: 'Apps' }, /role: namespace: 'Apps' is not a Kubernetes namespace name/],
      ['a service account with a colon', { serviceAccount: 'a:b' }, /role: serviceAccount: 'a:b' is not a Kubernetes service account name/],
      ['an issuer with its scheme', { oidcIssuer: `https://${ISSUER}` }, /oidcIssuer: 'https:\/\/oidc\..*' is not an issuer without its scheme/],
      ['a role name over 64 characters', { roleName: 'r'.repeat(65) }, /roleName: 'r+' is not an IAM role name/],
      ['a policy that is not JSON', { policyJson: 's3:GetObject' }, /policyJson: is not a JSON IAM policy document/],
      ['a malformed managed policy ARN', { managedPolicyArns: ['AmazonS3ReadOnlyAccess'] }, /managedPolicyArns: 'AmazonS3ReadOnlyAccess' is not a literal IAM policy ARN/],
      ['a managed policy ARN token', { managedPolicyArns: ['${aws_iam_policy.extra.arn}'] }, /managedPolicyArns: .* is not a literal IAM policy ARN.*attach policies created in the stack with IamRolePolicyAttachment/],
      [
        'one policy name twice',
        { managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnly', 'arn:aws:iam::123456789012:policy/ReadOnly'] },
        /managedPolicyArns: lists the policy name\(s\) 'ReadOnly' more than once/,
      ],
    ])('rejects %s, naming the construct path and the field', (_case, props, message) => {
      expect(() => synthRole(props)).toThrow(message);
    });
  });
});
