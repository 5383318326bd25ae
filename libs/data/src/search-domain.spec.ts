import { synthJson } from '@platform/terraform-testing';
import { SearchDomain, SearchDomainProps } from './search-domain';

const PROPS: SearchDomainProps = {
  domainName: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-1'],
  masterUserRoleArn: 'arn:aws:iam::123456789012:role/search-admin',
};
const synth = (props: Partial<SearchDomainProps> = {}) => synthJson((scope) => new SearchDomain(scope, 'search', { ...PROPS, ...props }));

describe('SearchDomain', () => {
  const json = synth();
  const domain = json.resources('aws_opensearch_domain')[0];

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the domain and its key', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key', 'aws_opensearch_domain'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(2);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('runs OpenSearch 2.17 on two r6g.large nodes over two AZs in the given private subnets, on gp3', () => {
    expect(domain).toMatchObject({
      engine_version: 'OpenSearch_2.17',
      cluster_config: { instance_type: 'r6g.large.search', instance_count: 2, zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 2 } },
      ebs_options: { ebs_enabled: true, volume_type: 'gp3', volume_size: 100 },
      vpc_options: { subnet_ids: ['subnet-a', 'subnet-b'], security_group_ids: ['sg-1'] },
    });
  });

  it('encrypts at rest with its own rotating key and between nodes, and enforces HTTPS with TLS 1.2', () => {
    const key = json.resource('aws_kms_key', 'Key');
    expect(key.enable_key_rotation).toBe(true);
    expect(domain).toMatchObject({
      encrypt_at_rest: { enabled: true, kms_key_id: json.ref(key, 'arn') },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    });
  });

  it('uses fine-grained access control with the IAM master role and no internal users', () => {
    expect(domain.advanced_security_options).toEqual({
      enabled: true,
      internal_user_database_enabled: false,
      anonymous_auth_enabled: false,
      master_user_options: { master_user_arn: 'arn:aws:iam::123456789012:role/search-admin' },
    });
  });

  it('admits principals of this account only', () => {
    expect(JSON.parse(domain.access_policies as string).Statement).toEqual([
      {
        Sid: 'PrincipalsOfThisAccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'es:ESHttp*',
        Resource: 'arn:aws:es:eu-central-1:123456789012:domain/platform-test/*',
      },
    ]);
  });

  it('publishes slow and application logs to encrypted log groups that only this domain may write', () => {
    expect((domain.log_publishing_options as { log_type: string }[]).map((o) => o.log_type).sort()).toEqual(['ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS']);
    const groups = json.resources('aws_cloudwatch_log_group');
    expect(groups.map((g) => g.name).sort()).toEqual(['/aws/opensearch/platform-test/application', '/aws/opensearch/platform-test/index-slow', '/aws/opensearch/platform-test/search-slow']);
    for (const group of groups) expect(group).toMatchObject({ retention_in_days: 365, kms_key_id: json.ref(json.resource('aws_kms_key', 'Key'), 'arn') });
    const policy = json.resource('aws_cloudwatch_log_resource_policy', 'LogResourcePolicy');
    expect(JSON.parse(policy.policy_document as string).Statement[0]).toMatchObject({
      Principal: { Service: 'es.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:es:eu-central-1:123456789012:domain/platform-test' } },
    });
    expect(domain.depends_on).toEqual([expect.stringContaining('aws_cloudwatch_log_resource_policy.')]);
  });

  it('runs a single-AZ single node when told to', () => {
    const single = synth({ instanceCount: 1, multiAz: false, subnetIds: ['subnet-a'] }).resources('aws_opensearch_domain')[0];
    expect(single.cluster_config).toEqual({ instance_type: 'r6g.large.search', instance_count: 1, zone_awareness_enabled: false });
  });

  it.each([
    [{ instanceCount: 1 }, /instanceCount: multi-AZ needs at least 2 data nodes, got 1/],
    [{ instanceCount: 3 }, /instanceCount: 3 data nodes cannot be spread evenly over 2 Availability Zones/],
    [{ subnetIds: ['subnet-a'] }, /subnetIds: 1 subnet\(s\) given for a multi-AZ domain/],
    [{ instanceCount: 1, multiAz: false }, /subnetIds: 2 subnet\(s\) given for a single-AZ domain/],
    [{ domainName: 'Platform' }, /domainName: 'Platform' is not a valid OpenSearch domain name/],
    [{ engineVersion: 'Elasticsearch_7.10' }, /engineVersion: 'Elasticsearch_7.10' is not an OpenSearch version/],
    [{ masterUserRoleArn: 'arn:aws:iam::123456789012:user/admin' }, /masterUserRoleArn: .* is not an IAM role ARN/],
    [{ securityGroupIds: [] }, /securityGroupIds: the list is empty/],
    [{ logRetentionDays: 10 }, /logRetentionDays: 10 is not a retention CloudWatch Logs accepts/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
