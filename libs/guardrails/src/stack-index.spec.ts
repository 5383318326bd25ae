import { StackIndex, referencesResource } from './stack-index';

describe('referencesResource', () => {
  it.each([
    ['${aws_s3_bucket.logs.id}', true],
    ['${aws_s3_bucket.logs.arn}/*', true],
    ['${aws_s3_bucket.logs}', true],
    ['${replace(aws_s3_bucket.logs.arn, "a", "b")}', true],
    ['${aws_s3_bucket.logs-2.id}', false],
    ['${aws_s3_bucket.logs_old.id}', false],
    ['${data.aws_s3_bucket.logs.id}', false],
    ['aws_s3_bucket.logs.id', false],
  ])('%s refers to aws_s3_bucket.logs: %s', (value, expected) => {
    expect(referencesResource(value, 'aws_s3_bucket', 'logs')).toBe(expected);
  });

  it('searches nested blocks and lists', () => {
    expect(referencesResource({ rule: [{ target: ['x', '${aws_s3_bucket.logs.id}'] }] }, 'aws_s3_bucket', 'logs')).toBe(true);
  });
});

describe('StackIndex', () => {
  const index = new StackIndex({
    '//': { metadata: { stackName: 'production-data' } },
    resource: {
      aws_security_group: { lb: { '//': { metadata: { path: 'production-data/network/LoadBalancer' } }, name: 'lb' } },
      aws_vpc_security_group_ingress_rule: { https: { security_group_id: '${aws_security_group.lb.id}' } },
    },
    data: { aws_iam_policy_document: { doc: { '//': { metadata: {} }, statement: [] } } },
  });

  it('reads the stack name, construct paths (the address when cdktf recorded none) and strips metadata', () => {
    expect(index.stackName).toBe('production-data');
    expect(index.ofType('aws_security_group')).toEqual([
      { type: 'aws_security_group', name: 'lb', address: 'aws_security_group.lb', constructPath: 'production-data/network/LoadBalancer', config: { name: 'lb' } },
    ]);
    expect(index.ofType('aws_vpc_security_group_ingress_rule')[0].constructPath).toBe('aws_vpc_security_group_ingress_rule.https');
    expect(index.dataSource('aws_iam_policy_document', 'doc')).toEqual({ statement: [] });
  });

  it('resolves plain references to resources of the stack only', () => {
    const [group] = index.ofType('aws_security_group');
    expect(index.resolve('${aws_security_group.lb.id}')).toBe(group);
    expect(index.resolve('${aws_security_group.other.id}')).toBeUndefined();
    expect(index.resolve('${data.terraform_remote_state.network.outputs.lb}')).toBeUndefined();
    expect(index.referencing('aws_vpc_security_group_ingress_rule', group, 'security_group_id').map(({ name }) => name)).toEqual(['https']);
  });
});
