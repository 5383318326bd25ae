import { policyStatements } from './policy-document';
import { StackIndex } from './stack-index';

const stack = new StackIndex({
  data: {
    aws_iam_policy_document: {
      base: { statement: [{ actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.b.arn}/*'] }] },
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
});
