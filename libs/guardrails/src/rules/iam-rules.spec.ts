import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { IAM_RULES, IAM_WILDCARD_EXCEPTIONS } from './iam-rules';

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
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:Put*'], Resource: 'arn:aws:s3:::backups/*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-task' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ),
  });
  new IamRolePolicyAttachment(scope, 'Ssm', { role: resource.name, policyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' });
  // Resource policies as the platform writes them: the key's account-root statement (a documented exception), a
  // service allowed by source account, and a TLS-only Deny to everyone.
  new KmsKey(scope, 'Key', {
    enableKeyRotation: true,
    policy: document(
      { Sid: 'AccountRoot', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: ['kms:Encrypt*', 'kms:Decrypt'], Resource: '*' },
    ),
  });
  new S3BucketPolicy(scope, 'BucketPolicy', {
    bucket: 'data',
    policy: document(
      { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'Delivery', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
    ),
  });
  return resource;
}

const TRUST_ANYONE = document({ Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });

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
    'PLAT-IAM-003': [
      {
        name: 'a misspelt action',
        build: (stack) => new IamRolePolicy(stack, 'Typo', { role: 'app', policy: document({ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjekt'], Resource: '*' }) }),
        path: 'Typo',
        problem: 'policy statement Read: s3:GetObjekt matches no s3 action',
      },
      {
        name: 'a wildcard matching nothing in a trust policy',
        build: (stack) => new IamRole(stack, 'Role', { assumeRolePolicy: document({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRoll*' }) }),
        path: 'Role',
        problem: 'assume_role_policy: sts:AssumeRoll* matches no sts action',
      },
      {
        name: 'an unknown service in an aws_iam_policy_document of a bucket policy',
        build: (stack) => {
          const policy = new DataAwsIamPolicyDocument(stack, 'Document', { statement: [{ actions: ['s4:GetObject'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] }] });
          new S3BucketPolicy(stack, 'BucketPolicy', { bucket: 'data', policy: policy.json });
        },
        path: 'BucketPolicy',
        problem: 'policy: s4:GetObject names no AWS service s4',
      },
    ],
    'PLAT-IAM-004': [
      {
        name: 'a service wildcard in an identity policy',
        build: (stack) => new IamPolicy(stack, 'Managed', { policy: document({ Sid: 'AllS3', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }) }),
        path: 'Managed',
        problem: 'policy statement AllS3 allows s3:*',
      },
      {
        name: 'kms:* to a role rather than the account root',
        build: (stack) =>
          new KmsKey(stack, 'Key', {
            enableKeyRotation: true,
            policy: document({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:*', Resource: '*' }),
          }),
        path: 'Key',
        problem: 'policy allows kms:*',
      },
      {
        name: 'an Allow with NotAction',
        build: (stack) => new IamRolePolicy(stack, 'Policy', { role: 'app', policy: document({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }),
        path: 'Policy',
        problem: 'policy allows every action but iam:* (NotAction)',
      },
    ],
    'PLAT-IAM-005': [
      {
        name: 'iam:PassRole on *',
        build: (stack) => new IamRolePolicy(stack, 'Policy', { role: 'app', policy: document({ Sid: 'Pass', Effect: 'Allow', Action: ['ecs:RunTask', 'iam:PassRole'], Resource: '*' }) }),
        path: 'Policy',
        problem: 'policy statement Pass allows iam:PassRole on *',
      },
      {
        name: 'a wildcard covering PassRole on *',
        build: (stack) => new IamPolicy(stack, 'Managed', { policy: document({ Effect: 'Allow', Action: 'iam:Pass*', Resource: ['*'] }) }),
        path: 'Managed',
        problem: 'policy allows iam:PassRole on *',
      },
    ],
    'PLAT-IAM-006': [
      { name: 'a trust policy to AWS "*"', build: (stack) => new IamRole(stack, 'Role', { assumeRolePolicy: TRUST_ANYONE }), path: 'Role', problem: 'assume_role_policy statement Anyone lets anyone assume the role' },
    ],
    'PLAT-IAM-007': [
      {
        name: 'a queue policy allowing everyone to send',
        build: (stack) => new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true, policy: document({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }) }),
        path: 'Queue',
        problem: 'policy statement Open allows anyone without a condition',
      },
    ],
  });

  it('lets conditions narrow a trust policy to "*" (e.g. to the organization)', () => {
    const trust = document({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } });
    expect(findingsOf('PLAT-IAM-006', (stack) => new IamRole(stack, 'Role', { assumeRolePolicy: trust }))).toEqual([]);
  });

  it('documents a reason for every wildcard exception', () => {
    for (const exception of IAM_WILDCARD_EXCEPTIONS) expect(exception.reason.length).toBeGreaterThan(40);
  });

  it('allows "*" actions on named resources and named actions on "*"', () => {
    const scoped = (stack: Construct) =>
      new IamPolicy(stack, 'Scoped', { policy: document({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }, { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }) });
    expect(findingsOf('PLAT-IAM-001', scoped)).toEqual([]);
  });
});

describe('IAM rules at the edge of their conditions', () => {
  const ROOT = 'arn:aws:iam::111122223333:root';
  const keyPolicy = (...statements: Record<string, unknown>[]) => (stack: Construct) => new KmsKey(stack, 'Key', { enableKeyRotation: true, policy: document(...statements) });
  const identityPolicy = (...statements: Record<string, unknown>[]) => (stack: Construct) => new IamPolicy(stack, 'Managed', { policy: document(...statements) });
  const trust = (...statements: Record<string, unknown>[]) => (stack: Construct) => new IamRole(stack, 'Role', { assumeRolePolicy: document(...statements) });
  const queuePolicy = (...statements: Record<string, unknown>[]) => (stack: Construct) => new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true, policy: document(...statements) });
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-IAM-001', 'a Deny of everything on everything', identityPolicy({ Effect: 'Deny', Action: '*', Resource: '*' }), []],
    ['PLAT-IAM-002', 'a policy merely named like AdministratorAccess', (stack) => new IamRolePolicyAttachment(stack, 'A', { role: 'app', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify' }), []],
    ['PLAT-IAM-002', "a customer policy called AdministratorAccess (not AWS's)", (stack) => new IamRolePolicyAttachment(stack, 'A', { role: 'app', policyArn: 'arn:aws:iam::111122223333:policy/AdministratorAccess' }), []],
    ['PLAT-IAM-003', 'a misspelt NotAction', identityPolicy({ Effect: 'Deny', NotAction: 's3:GetObjekt', Resource: '*' }), ['policy: s3:GetObjekt matches no s3 action']],
    ['PLAT-IAM-003', 'an action interpolated at apply time', identityPolicy({ Effect: 'Allow', Action: '${var.action}', Resource: '*' }), []],
    ['PLAT-IAM-003', 'a ? wildcard matching an action', identityPolicy({ Effect: 'Allow', Action: 's3:GetObjec?', Resource: '*' }), []],
    ['PLAT-IAM-004', 'a suffix wildcard (s3:*Object)', identityPolicy({ Effect: 'Allow', Action: 's3:*Object', Resource: '*' }), []],
    ['PLAT-IAM-004', 'a Deny of s3:*', identityPolicy({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), []],
    ['PLAT-IAM-004', 'a Deny with NotAction', identityPolicy({ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), []],
    ['PLAT-IAM-004', 'kms:* to the account root: the documented exception', keyPolicy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }), []],
    ['PLAT-IAM-004', '"*" (not kms:*) to the account root in a key policy', keyPolicy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: '*', Resource: '*' }), ['policy allows *']],
    ['PLAT-IAM-004', 'kms:* to the account root and a role', keyPolicy({ Effect: 'Allow', Principal: { AWS: [ROOT, 'arn:aws:iam::111122223333:role/app'] }, Action: 'kms:*', Resource: '*' }), ['policy allows kms:*']],
    ['PLAT-IAM-004', 'kms:* to the account root outside a key policy', queuePolicy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }), ['policy allows kms:*']],
    ['PLAT-IAM-004', 'kms:* with no principal in a key policy', keyPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }), ['policy allows kms:*']],
    ['PLAT-IAM-005', 'a ? wildcard covering PassRole on *', identityPolicy({ Effect: 'Allow', Action: 'iam:PassR?le', Resource: '*' }), ['policy allows iam:PassRole on *']],
    ['PLAT-IAM-005', 'PassRole in another case on * (IAM ignores case)', identityPolicy({ Effect: 'Allow', Action: 'IAM:passrole', Resource: '*' }), ['policy allows iam:PassRole on *']],
    ['PLAT-IAM-005', 'a Deny of PassRole on *', identityPolicy({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }), []],
    ['PLAT-IAM-005', 'a wildcard that does not cover PassRole (iam:Pass)', identityPolicy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:PassRol'], Resource: '*' }), []],
    ['PLAT-IAM-006', 'anyone may assume with a web identity', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity' }), ['assume_role_policy lets anyone assume the role']],
    ['PLAT-IAM-006', 'anyone may assume with SAML', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithSAML' }), ['assume_role_policy lets anyone assume the role']],
    ['PLAT-IAM-006', 'anyone may only tag sessions', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }), []],
    ['PLAT-IAM-006', 'a Deny to anyone', trust({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }), []],
    ['PLAT-IAM-006', 'a named account', trust({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }), []],
    ['PLAT-IAM-007', 'a Deny to anyone without a condition', queuePolicy({ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }), []],
    ['PLAT-IAM-007', 'a named account without a condition', queuePolicy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sqs:SendMessage', Resource: '*' }), []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-IAM-001', 'everything among other actions, without a Sid', identityPolicy({ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' }), ['policy allows every action on every resource']],
    ['PLAT-IAM-001', 'two statements allowing everything', identityPolicy({ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: '*:*', Resource: '*' }), ['policy allows every action on every resource (statement A); policy allows every action on every resource (statement B)']],
    ['PLAT-IAM-003', 'two misspelt actions', identityPolicy({ Effect: 'Allow', Action: ['s3:GetObjekt', 's3:PutObjekt'], Resource: '*' }), ['policy: s3:GetObjekt matches no s3 action; policy: s3:PutObjekt matches no s3 action']],
    ['PLAT-IAM-004', 'a service wildcard and a NotAction of two', identityPolicy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, { Effect: 'Allow', NotAction: ['iam:*', 'kms:*'], Resource: '*' }), ['policy allows ec2:*; policy allows every action but iam:*, kms:* (NotAction)']],
    ['PLAT-IAM-005', 'two statements passing roles on *', identityPolicy({ Sid: 'A', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: 'iam:*', Resource: '*' }), ['policy statement A allows iam:PassRole on *; policy statement B allows iam:PassRole on *']],
    ['PLAT-IAM-005', 'an action that only looks like PassRole with pattern characters (iam:Pass(Role))', identityPolicy({ Effect: 'Allow', Action: 'iam:Pass(Role)', Resource: '*' }), []],
    ['PLAT-IAM-006', 'anyone may assume the role and tag the session', trust({ Effect: 'Allow', Principal: '*', Action: ['sts:TagSession', 'sts:AssumeRole'] }), ['assume_role_policy lets anyone assume the role']],
    ['PLAT-IAM-006', 'two statements letting anyone assume', trust({ Sid: 'A', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Sid: 'B', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRoleWithWebIdentity' }), ['assume_role_policy statement A lets anyone assume the role; assume_role_policy statement B lets anyone assume the role']],
    ['PLAT-IAM-007', 'two statements open to anyone', queuePolicy({ Sid: 'A', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Principal: '*', Action: 'sqs:ReceiveMessage', Resource: '*' }), ['policy statement A allows anyone without a condition; policy statement B allows anyone without a condition']],
  ])('%s joins or words its problems exactly: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });

  it('skips policies known only at apply time in the statement rules', () => {
    const opaque = (stack: Construct) => {
      new IamPolicy(stack, 'Managed', { policy: '${jsonencode(local.policy)}' });
      new IamRole(stack, 'Role', { assumeRolePolicy: '${data.aws_iam_policy_document.elsewhere.json}' });
      new SqsQueue(stack, 'Queue', { sqsManagedSseEnabled: true, policy: '${jsonencode(local.queue)}' });
    };
    expect(['PLAT-IAM-003', 'PLAT-IAM-004', 'PLAT-IAM-005', 'PLAT-IAM-006', 'PLAT-IAM-007'].flatMap((ruleId) => problems(ruleId, opaque))).toEqual([]);
  });

  it('names an unnamed role inline_policy by its position', () => {
    const build = (stack: Construct) => new IamRole(stack, 'Role', { assumeRolePolicy: TRUST_EC2, inlinePolicy: [{ policy: document({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) }] });
    expect(problems('PLAT-IAM-005', build)).toEqual(['inline_policy 0 allows iam:PassRole on *']);
  });

  it('checks trust policies for misspellings only, not for wildcards or admin rights', () => {
    const build = trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: '*', Resource: '*' });
    expect(['PLAT-IAM-001', 'PLAT-IAM-004', 'PLAT-IAM-005'].flatMap((ruleId) => problems(ruleId, build))).toEqual([]);
  });
});
