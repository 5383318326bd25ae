import { Rule } from '../rule';
import { blockOf, isTrue, stringsOf } from '../terraform-values';
import { describeValue, requireTrue } from './rule-helpers';

const DOMAIN = ['aws_opensearch_domain', 'aws_elasticsearch_domain'];
/** TLS security policies with TLS 1.2 as the minimum. */
const TLS_12_POLICY = /^Policy-Min-TLS-1-2/;

export const OPENSEARCH_RULES: readonly Rule[] = [
  {
    id: 'PLAT-OS-001',
    checkovIds: ['CKV_AWS_5'],
    complianceIds: ['FSBP-Opensearch.1', 'FSBP-ES.1'],
    severity: 'error',
    resourceTypes: DOMAIN,
    description: 'Search domains encrypt indices, logs and snapshots at rest.',
    fix: 'add encrypt_at_rest { enabled = true, kms_key_id = <customer managed key> } (SearchDomain from @platform/data does)',
    check: ({ config }) => requireTrue(blockOf(config.encrypt_at_rest), 'enabled', 'encrypt_at_rest.enabled'),
  },
  {
    id: 'PLAT-OS-002',
    checkovIds: ['CKV_AWS_6'],
    complianceIds: ['FSBP-Opensearch.3', 'FSBP-ES.3'],
    severity: 'error',
    resourceTypes: DOMAIN,
    description: 'Search nodes talk to each other over TLS.',
    fix: 'add node_to_node_encryption { enabled = true }',
    check: ({ config }) => requireTrue(blockOf(config.node_to_node_encryption), 'enabled', 'node_to_node_encryption.enabled'),
  },
  {
    id: 'PLAT-OS-003',
    checkovIds: ['CKV_AWS_83', 'CKV_AWS_228'],
    complianceIds: ['FSBP-Opensearch.8', 'FSBP-ES.8'],
    severity: 'error',
    resourceTypes: DOMAIN,
    description: 'Clients reach the domain over HTTPS with TLS 1.2 or later.',
    fix: 'set domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" }',
    check({ config }) {
      const options = blockOf(config.domain_endpoint_options);
      if (!isTrue(options?.enforce_https)) return `domain_endpoint_options.enforce_https is ${describeValue(options?.enforce_https)}`;
      const policy = options?.tls_security_policy;
      return TLS_12_POLICY.test(String(policy)) ? undefined : `domain_endpoint_options.tls_security_policy is ${describeValue(policy)}`;
    },
  },
  {
    id: 'PLAT-OS-004',
    checkovIds: ['CKV_AWS_137'],
    complianceIds: ['FSBP-Opensearch.2', 'FSBP-ES.2'],
    severity: 'error',
    resourceTypes: DOMAIN,
    description: 'Search domains live in the VPC, with no public endpoint.',
    fix: 'add vpc_options with the private subnets and a security group that admits the application group only',
    check: ({ config }) => (stringsOf(blockOf(config.vpc_options)?.subnet_ids).length > 0 ? undefined : 'has no vpc_options.subnet_ids, so its endpoint is public'),
  },
];
