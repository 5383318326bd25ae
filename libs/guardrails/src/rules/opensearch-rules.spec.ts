import { OpensearchDomain, OpensearchDomainConfig } from '@cdktf/provider-aws/lib/opensearch-domain';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { OPENSEARCH_RULES } from './opensearch-rules';

/** A domain configured like SearchDomain; `overrides` break it. */
function domain(scope: Construct, overrides: Partial<OpensearchDomainConfig> = {}): OpensearchDomain {
  return new OpensearchDomain(scope, 'search', {
    domainName: 'search',
    encryptAtRest: { enabled: true, kmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k' },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    vpcOptions: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-search'] },
    ...overrides,
  });
}

describe('OpenSearch rules', () => {
  testRulePack(OPENSEARCH_RULES, (stack) => domain(stack), {
    'PLAT-OS-001': [{ name: 'no encryption at rest', build: (stack) => domain(stack, { encryptAtRest: { enabled: false } }), path: 'search', problem: 'encrypt_at_rest.enabled is false' }],
    'PLAT-OS-002': [{ name: 'plaintext between nodes', build: (stack) => domain(stack, { nodeToNodeEncryption: undefined }), path: 'search', problem: 'node_to_node_encryption.enabled is not set' }],
    'PLAT-OS-003': [
      { name: 'HTTP allowed', build: (stack) => domain(stack, { domainEndpointOptions: { enforceHttps: false } }), path: 'search', problem: 'domain_endpoint_options.enforce_https is false' },
      {
        name: 'TLS 1.0 allowed',
        build: (stack) => domain(stack, { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' } }),
        path: 'search',
        problem: 'tls_security_policy is "Policy-Min-TLS-1-0-2019-07"',
      },
    ],
    'PLAT-OS-004': [{ name: 'a public endpoint', build: (stack) => domain(stack, { vpcOptions: undefined }), path: 'search', problem: 'has no vpc_options.subnet_ids, so its endpoint is public' }],
  });
});

describe('OpenSearch rules at the edge of their conditions', () => {
  it('PLAT-OS-003 asks for a TLS 1.2 policy once HTTPS is enforced', () => {
    const problems = findingsOf('PLAT-OS-003', (stack) => domain(stack, { domainEndpointOptions: { enforceHttps: true } })).map(({ problem }) => problem);
    expect(problems).toEqual(['domain_endpoint_options.tls_security_policy is not set']);
  });

  it('PLAT-OS-003 flags a domain without domain_endpoint_options (HTTPS is then not enforced)', () => {
    const problems = findingsOf('PLAT-OS-003', (stack) => domain(stack, { domainEndpointOptions: undefined })).map(({ problem }) => problem);
    expect(problems).toEqual(['domain_endpoint_options.enforce_https is not set']);
  });
});
