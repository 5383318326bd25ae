import { actionsOf, namedSecretArn, renderPolicyDocument, rolePolicies } from './iam-policies';
import { PlatformModel } from './platform-model';

describe('rolePolicies', () => {
  const model = new PlatformModel({
    roles: {
      provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: ['123456789012'] }] },
      data: {
        aws_iam_policy_document: {
          trust: {
            statement: [
              {
                actions: ['sts:AssumeRoleWithWebIdentity'],
                principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::123456789012:oidc-provider/oidc.example'] }],
                condition: [
                  { test: 'StringEquals', variable: 'oidc.example:sub', values: ['system:serviceaccount:ns:sa'] },
                  { test: 'StringEquals', variable: 'oidc.example:aud', values: ['sts.amazonaws.com'] },
                ],
              },
            ],
          },
        },
      },
      resource: {
        aws_iam_role: { app: { name: 'app', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' }, other: { name: 'other', assume_role_policy: '{"Statement":[]}' } },
        aws_s3_bucket: { logs: { bucket: 'logs' } },
        aws_secretsmanager_secret: { key: { name: 'project/env/api-key' } },
        aws_iam_role_policy: {
          read: { name: 'read', role: '${aws_iam_role.app.id}', policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${aws_s3_bucket.logs.arn}/*"}]}' },
          secret: { name: 'secret', role: '${aws_iam_role.other.id}', policy: '{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"${aws_secretsmanager_secret.key.arn}"}]}' },
        },
        aws_iam_role_policy_attachment: { ro: { role: '${aws_iam_role.app.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
      },
    },
  });
  const [app, other] = rolePolicies(model);

  it('gives each role its own inline policies, references resolved, and its AWS managed policies by ARN', () => {
    expect(app.name).toBe('app');
    expect(app.arn).toBe('arn:aws:iam::123456789012:role/app');
    expect(app.policies).toEqual([{ name: 'read', document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }] } }]);
    expect(app.awsManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(other.awsManagedPolicyArns).toEqual([]);
  });

  it('names a secret by reference with the ARN AWS gives it (name and random suffix), as the simulator expects', () => {
    const secret = model.resources('aws_secretsmanager_secret')[0];
    expect(namedSecretArn(model, secret)).toBe('arn:aws:secretsmanager:eu-central-1:123456789012:secret:project/env/api-key-AbCdEf');
    expect(other.policies).toEqual([{ name: 'secret', document: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: namedSecretArn(model, secret) }] } }]);
  });

  it('takes a secret looked up by name (data.aws_secretsmanager_secret) for the secret of that name', () => {
    const lookups = new PlatformModel({
      secrets: {
        provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] },
        resource: { aws_secretsmanager_secret: { key: { name: 'project/env/api-key' } } },
      },
      reader: {
        provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] },
        data: { aws_secretsmanager_secret: { key: { name: 'project/env/api-key' }, unknown: { name: 'project/env/other' } } },
        resource: {
          aws_iam_role: { reader: { name: 'reader', assume_role_policy: '{"Statement":[]}' } },
          aws_iam_role_policy: {
            read: {
              name: 'read',
              role: '${aws_iam_role.reader.id}',
              policy: '{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":["${data.aws_secretsmanager_secret.key.arn}","${data.aws_secretsmanager_secret.unknown.arn}"]}]}',
            },
          },
        },
      },
    });
    const [reader] = rolePolicies(lookups);
    const [resource] = reader.policies[0].document.Statement.map((statement) => statement.Resource) as string[][];
    expect(resource[0]).toBe(namedSecretArn(lookups, lookups.resources('aws_secretsmanager_secret')[0]));
    // No secret of that name in the model: the lookup's own placeholder stays.
    expect(resource[1]).toBe(lookups.attribute(lookups.resources('data.aws_secretsmanager_secret').find((lookup) => lookup.name === 'unknown')!, 'arn'));
  });

  it('renders an aws_iam_policy_document trust policy as Terraform does', () => {
    expect(app.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: ['arn:aws:iam::123456789012:oidc-provider/oidc.example'] },
          Condition: { StringEquals: { 'oidc.example:sub': ['system:serviceaccount:ns:sa'], 'oidc.example:aud': ['sts.amazonaws.com'] } },
        },
      ],
    });
  });

  it('lists the actions a document names, not its NotActions', () => {
    expect(actionsOf(renderPolicyDocument({ statement: [{ actions: ['a:B', 'c:D'] }, { not_actions: ['e:F'] }] }))).toEqual(['a:B', 'c:D']);
  });
});
