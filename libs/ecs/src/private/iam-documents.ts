/** One statement of an IAM policy document, as the constructs of this library write them. */
export interface IamPolicyStatement {
  /** Statement id: letters and digits, saying what the statement is for. */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamPolicyStatement[];
}

export function policyDocument(statements: readonly IamPolicyStatement[]): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** A trust policy: who may assume a role. */
export interface IamTrustPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly [
    {
      readonly Sid: string;
      readonly Effect: 'Allow';
      readonly Principal: { readonly Service: string };
      readonly Action: 'sts:AssumeRole';
      readonly Condition: Readonly<Record<string, Readonly<Record<string, string>>>>;
    },
  ];
}

/**
 * Trust policy letting an AWS service assume a role only on behalf of this account (confused-deputy guard):
 * `aws:SourceAccount` must be the account and `aws:SourceArn` match the service's resources in it.
 */
export function serviceTrustPolicy(service: string, accountId: string, sourceArnPattern: string): IamTrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumedByServiceForThisAccount',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': sourceArnPattern },
        },
      },
    ],
  };
}
