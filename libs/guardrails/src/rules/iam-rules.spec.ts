import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { IAM_RULES } from './iam-rules';

const TRUST_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const document = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ADMIN_STATEMENT = { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' };

/** A role like ServiceAccountRole's: scoped inline policy, AWS managed policies that are not AdministratorAccess. */
function role(scope: Construct): IamRole {
  const resource = new IamRole(scope, 'Role', { name: 'app', assumeRolePolicy: TRUST_EC2 });
  new IamRolePolicy(scope, 'Policy', {
    role: resource.name,
    policy: document(
      { Effect: 'Allow', Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots'], Resource: '*' },
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::backups/*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ),
  });
  new IamRolePolicyAttachment(scope, 'Ssm', { role: resource.name, policyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' });
  return resource;
}

describe('IAM rules', () => {
  testRulePack(IAM_RULES, (stack) => role(stack), {
    'PLAT-IAM-001': [
      {
        name: 'an inline role policy allowing everything',
        build: (stack) => new IamRolePolicy(stack, 'Admin', { role: 'app', policy: document(ADMIN_STATEMENT) }),
        path: 'Admin',
        problem: 'policy allows every action on every resource (statement Everything)',
      },
      {
        name: 'a role inline_policy allowing *:*',
        build: (stack) =>
          new IamRole(stack, 'Role', {
            assumeRolePolicy: TRUST_EC2,
            inlinePolicy: [{ name: 'admin', policy: document({ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }) }],
          }),
        path: 'Role',
        problem: 'inline_policy admin allows every action on every resource',
      },
      {
        name: 'a managed policy from an aws_iam_policy_document',
        build: (stack) => {
          const admin = new DataAwsIamPolicyDocument(stack, 'AdminDocument', { statement: [{ actions: ['*'], resources: ['*'] }] });
          new IamPolicy(stack, 'Managed', { name: 'admin', policy: admin.json });
        },
        path: 'Managed',
        problem: 'policy allows every action on every resource',
      },
      {
        name: 'a policy known only at apply time',
        build: (stack) => new IamPolicy(stack, 'Managed', { name: 'opaque', policy: '${jsonencode(local.policy)}' }),
        path: 'Managed',
        problem: 'policy is known only at apply time',
      },
    ],
    'PLAT-IAM-002': [
      {
        name: 'AdministratorAccess attached to a role',
        build: (stack) => new IamRolePolicyAttachment(stack, 'Admin', { role: 'app', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
        path: 'Admin',
        problem: 'attaches arn:aws:iam::aws:policy/AdministratorAccess',
      },
      {
        name: 'AdministratorAccess in managed_policy_arns',
        build: (stack) => new IamRole(stack, 'Role', { assumeRolePolicy: TRUST_EC2, managedPolicyArns: ['arn:aws-cn:iam::aws:policy/AdministratorAccess'] }),
        path: 'Role',
        problem: 'attaches arn:aws-cn:iam::aws:policy/AdministratorAccess',
      },
    ],
  });

  it('allows "*" actions on named resources and named actions on "*"', () => {
    const scoped = (stack: Construct) =>
      new IamPolicy(stack, 'Scoped', { policy: document({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }, { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }) });
    expect(findingsOf('PLAT-IAM-001', scoped)).toEqual([]);
  });
});
