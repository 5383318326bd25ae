import { includesAnyone, policyStatements } from './policy-document';
import { StackIndex } from './stack-index';

const stack = new StackIndex({
  data: {
    aws_iam_policy_document: {
      base: { statement: [{ actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.b.arn}/*'] }] },
      overridden: {
        override_policy_documents: ['{"Statement":{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}}'],
        statement: { not_actions: ['iam:*'], resources: '*', condition: { test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: 'o-abc' } },
      },
      numberedSid: { statement: { sid: 7, actions: ['s3:GetObject'], resources: ['*'] } },
      broken: { source_policy_documents: ['${jsonencode(local.base)}'], statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] },
      combined: {
        source_policy_documents: ['${data.aws_iam_policy_document.base.json}'],
        statement: [{ sid: 'Tls', effect: 'Deny', actions: ['s3:*'], resources: ['*'], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }],
      },
    },
  },
});

describe('policyStatements', () => {
  it('reads JSON documents with single or listed statements, actions and boolean condition values', () => {
    const document = JSON.stringify({ Statement: { Sid: 'Tls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '${aws_s3_bucket.b.arn}', Condition: { Bool: { 'aws:SecureTransport': false } } } });
    expect(policyStatements(document, stack)).toEqual([
      {
        sid: 'Tls',
        effect: 'Deny',
        actions: ['s3:*'],
        notActions: [],
        resources: ['${aws_s3_bucket.b.arn}'],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
    ]);
  });

  it('reads aws_iam_policy_document data sources, their source documents included', () => {
    expect(policyStatements('${data.aws_iam_policy_document.combined.json}', stack)).toEqual([
      { sid: undefined, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['${aws_s3_bucket.b.arn}/*'], principals: [], conditions: [] },
      {
        sid: 'Tls',
        effect: 'Deny',
        actions: ['s3:*'],
        notActions: [],
        resources: ['*'],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
    ]);
  });

  it('reads principals by type and NotAction', () => {
    const document = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'], Service: 'ecs-tasks.amazonaws.com' }, NotAction: 'iam:*', Resource: '*' }],
    });
    expect(policyStatements(document, stack)).toEqual([
      expect.objectContaining({
        actions: [],
        notActions: ['iam:*'],
        principals: [
          { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] },
          { type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] },
        ],
      }),
    ]);
  });

  it('gives up on documents known only at apply time', () => {
    expect(policyStatements('${jsonencode(local.policy)}', stack)).toBeUndefined();
    expect(policyStatements('${data.aws_iam_policy_document.missing.json}', stack)).toBeUndefined();
    expect(policyStatements(undefined, stack)).toBeUndefined();
  });

  it('gives up on a policy argument that is not a string (a number or null parses as JSON, but is no document)', () => {
    expect(policyStatements(42, stack)).toBeUndefined();
    expect(policyStatements(null, stack)).toBeUndefined();
  });

  it('reads a Sid or sid that is not a string as none', () => {
    expect(policyStatements(JSON.stringify({ Statement: { Sid: 7, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }), stack)).toEqual([expect.objectContaining({ sid: undefined, actions: ['s3:GetObject'] })]);
    expect(policyStatements('${data.aws_iam_policy_document.numberedSid.json}', stack)).toEqual([expect.objectContaining({ sid: undefined, actions: ['s3:GetObject'] })]);
  });

  it('reads override documents, NotAction and a single condition value of a data source; a source known only at apply time gives up', () => {
    expect(policyStatements('${data.aws_iam_policy_document.overridden.minified_json}', stack)).toEqual([
      { sid: undefined, effect: 'Deny', actions: ['s3:DeleteObject'], notActions: [], resources: ['*'], principals: [], conditions: [] },
      { sid: undefined, effect: 'Allow', actions: [], notActions: ['iam:*'], resources: ['*'], principals: [], conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: ['o-abc'] }] },
    ]);
    expect(policyStatements('${data.aws_iam_policy_document.broken.json}', stack)).toBeUndefined();
  });

  it('reads an Effect other than Deny as Allow, condition value lists, and a document without statements as empty', () => {
    const document = JSON.stringify({ Statement: [{ Effect: 'deny', Action: 's3:GetObject', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } } }] });
    expect(policyStatements(document, stack)).toEqual([
      expect.objectContaining({ effect: 'Allow', conditions: [{ test: 'IpAddress', variable: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.0.0/16'] }] }),
    ]);
    expect(policyStatements('null', stack)).toEqual([]);
    expect(policyStatements('{"Version":"2012-10-17"}', stack)).toEqual([]);
    expect(policyStatements('{not json', stack)).toBeUndefined();
  });
});

describe('includesAnyone', () => {
  it.each<[string, { type: string; identifiers: string[] }[], boolean]>([
    ['"*"', [{ type: '*', identifiers: ['*'] }], true],
    ['{"AWS": "*"} beside a service', [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }, { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root', '*'] }], true],
    ['{"Service": "*"}', [{ type: 'Service', identifiers: ['*'] }], false],
    ['an account', [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }], false],
    ['no principal', [], false],
  ])('%s: %s', (_, principals, expected) => {
    expect(includesAnyone(principals)).toBe(expected);
  });
});
