import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import {
  DNS_LABEL,
  DNS_SUBDOMAIN,
  duplicates,
  IAM_POLICY_ARN,
  IAM_ROLE_NAME,
  idFor,
  isLateBound,
  matchesOrLateBound,
  quoted,
  requirement,
} from './private/validation';

/** What a service account may do; {@link EksCluster.addServiceAccountRole} fills in the cluster's OIDC provider. */
export interface ServiceAccountRoleOptions {
  /** Namespace of the service account, e.g. `kube-system`. */
  readonly namespace: string;
  /** Name of the service account, e.g. `ebs-csi-controller-sa`. */
  readonly serviceAccount: string;
  /**
   * An IAM policy document (JSON) attached to the role as its inline policy.
   * @default - no inline policy
   */
  readonly policyJson?: string;
  /**
   * ARNs of managed policies to attach, e.g. `arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`. Each
   * attachment is keyed by the policy's name, so the ARNs must be literal (a policy created in the same stack can be
   * attached with `IamRolePolicyAttachment` to {@link ServiceAccountRole.roleName}).
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Name of the IAM role, at most 64 characters.
   * @default - `<cluster name>-<service account>` when created through EksCluster.addServiceAccountRole
   */
  readonly roleName?: string;
}

export interface ServiceAccountRoleProps extends ServiceAccountRoleOptions {
  /** ARN of the cluster's IAM OIDC provider (`aws_iam_openid_connect_provider.arn`). */
  readonly oidcProviderArn: string;
  /**
   * The cluster's OIDC issuer without `https://`, e.g. `oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLE`: the prefix
   * of the token claims in the trust policy's condition keys. Usually a token ({@link EksCluster.oidcIssuer}).
   */
  readonly oidcIssuer: string;
  /** Name of the IAM role, at most 64 characters. */
  readonly roleName: string;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only a token the cluster's OIDC issuer signed for exactly
 * `system:serviceaccount:<namespace>:<serviceAccount>`, with audience `sts.amazonaws.com`, may assume it.
 *
 * The trust policy comes from an `aws_iam_policy_document` data source. The condition keys start with the issuer,
 * which is known only after the cluster exists; JSON object keys cannot be Terraform expressions in cdktf's
 * `Fn.jsonencode`, but the data source takes the key as a string argument (`variable`). The data source is evaluated
 * by the provider locally, without calling AWS, so it plans offline (the cluster library's offline plan test proves it).
 */
export class ServiceAccountRole extends Construct {
  /** Audience of the projected service account token EKS's pod identity webhook mounts. */
  static readonly AUDIENCE = 'sts.amazonaws.com';

  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** `system:serviceaccount:<namespace>:<serviceAccount>`. */
  readonly subject: string;
  /** The trust policy document. */
  readonly trustPolicy: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    const managedPolicyArns = props.managedPolicyArns ?? [];
    this.validate(props, managedPolicyArns);
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;

    this.trustPolicy = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: 'StringEquals', variable: `${props.oidcIssuer}:sub`, values: [this.subject] },
            { test: 'StringEquals', variable: `${props.oidcIssuer}:aud`, values: [ServiceAccountRole.AUDIENCE] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: `IRSA role of the Kubernetes service account ${props.namespace}/${props.serviceAccount}`,
      assumeRolePolicy: this.trustPolicy.json,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    if (props.policyJson !== undefined) {
      new IamRolePolicy(this, 'Policy', { name: props.serviceAccount, role: this.role.id, policy: props.policyJson });
    }
    for (const arn of managedPolicyArns) {
      const [, policyName] = IAM_POLICY_ARN.exec(arn) ?? [];
      new IamRolePolicyAttachment(this, idFor('ManagedPolicy', policyName), { role: this.role.name, policyArn: arn });
    }
  }

  private validate(props: ServiceAccountRoleProps, managedPolicyArns: readonly string[]): void {
    const require = requirement(this);
    require(DNS_LABEL.test(props.namespace), 'namespace', `'${props.namespace}' is not a Kubernetes namespace name`, 'use lower-case letters, digits and hyphens, e.g. kube-system');
    require(
      DNS_SUBDOMAIN.test(props.serviceAccount),
      'serviceAccount',
      `'${props.serviceAccount}' is not a Kubernetes service account name`,
      'use lower-case letters, digits, hyphens and dots, e.g. ebs-csi-controller-sa',
    );
    require(
      matchesOrLateBound(props.roleName, IAM_ROLE_NAME),
      'roleName',
      `'${props.roleName}' is not an IAM role name (at most 64 letters, digits and +=,.@_-)`,
      'pass a shorter roleName',
    );
    require(props.oidcProviderArn !== '', 'oidcProviderArn', 'is empty', "pass the ARN of the cluster's IAM OIDC provider");
    require(
      props.oidcIssuer !== '' && !props.oidcIssuer.startsWith('https://'),
      'oidcIssuer',
      `'${props.oidcIssuer}' is not an issuer without its scheme`,
      "pass the issuer without 'https://', e.g. EksCluster.oidcIssuer",
    );
    if (props.policyJson !== undefined && !isLateBound(props.policyJson)) {
      require(isPolicyDocument(props.policyJson), 'policyJson', 'is not a JSON IAM policy document with a Statement', 'pass JSON.stringify({ Version: "2012-10-17", Statement: [...] })');
    }
    for (const arn of managedPolicyArns) {
      require(
        !isLateBound(arn) && IAM_POLICY_ARN.test(arn),
        'managedPolicyArns',
        `'${arn}' is not a literal IAM policy ARN`,
        'list policy ARNs such as arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy; attach policies created in the stack with IamRolePolicyAttachment',
      );
    }
    const policyNames = managedPolicyArns.map((arn) => IAM_POLICY_ARN.exec(arn)?.[1] ?? arn);
    const repeated = duplicates(policyNames);
    require(repeated.length === 0, 'managedPolicyArns', `lists the policy name(s) ${quoted(repeated)} more than once`, 'list each policy once');
  }
}

function isPolicyDocument(json: string): boolean {
  try {
    const document = JSON.parse(json) as unknown;
    return typeof document === 'object' && document !== null && 'Statement' in document;
  } catch {
    return false;
  }
}
