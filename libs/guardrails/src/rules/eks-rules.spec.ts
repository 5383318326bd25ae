import { EksCluster, EksClusterConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup, EksNodeGroupConfig } from '@cdktf/provider-aws/lib/eks-node-group';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { EKS_LOG_TYPES, EKS_RULES } from './eks-rules';

/** A cluster configured like EksCluster (private endpoint only, secrets encryption, every log type). */
function cluster(scope: Construct, overrides: Partial<EksClusterConfig> = {}): EksCluster {
  return new EksCluster(scope, 'eks', {
    name: 'platform',
    roleArn: 'arn:aws:iam::1:role/cluster',
    vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:eu-central-1:1:key/k' } },
    enabledClusterLogTypes: [...EKS_LOG_TYPES],
    ...overrides,
  });
}

/** A node group configured like ManagedNodeGroup (its own launch template, no SSH). */
function nodeGroup(scope: Construct, overrides: Partial<EksNodeGroupConfig> = {}): EksNodeGroup {
  return new EksNodeGroup(scope, 'nodes', {
    clusterName: 'platform',
    nodeGroupName: 'general',
    nodeRoleArn: 'arn:aws:iam::1:role/node',
    subnetIds: ['subnet-a', 'subnet-b'],
    scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 4 },
    launchTemplate: { id: 'lt-123', version: '1' },
    ...overrides,
  });
}

const publicEndpoint = (cidrs?: string[]) => ({ subnetIds: ['subnet-a'], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: cidrs });

describe('EKS rules', () => {
  testRulePack(
    EKS_RULES,
    (stack) => {
      cluster(stack);
      nodeGroup(stack);
    },
    {
      'PLAT-EKS-001': [{ name: 'unencrypted secrets', build: (stack) => cluster(stack, { encryptionConfig: undefined }), path: 'eks', problem: 'has no encryption_config for secrets' }],
      'PLAT-EKS-002': [
        {
          name: 'no private endpoint',
          build: (stack) => cluster(stack, { vpcConfig: { subnetIds: ['subnet-a'], endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }),
          path: 'eks',
          problem: 'vpc_config.endpoint_private_access is not set',
        },
      ],
      'PLAT-EKS-003': [
        { name: 'a public endpoint open to the internet', build: (stack) => cluster(stack, { vpcConfig: publicEndpoint(['0.0.0.0/0']) }), path: 'eks', problem: 'open to 0.0.0.0/0' },
        {
          name: 'a public endpoint open to the internet in two halves, beside an office range',
          build: (stack) => cluster(stack, { vpcConfig: publicEndpoint(['203.0.113.0/24', '0.0.0.0/1', '128.0.0.0/1']) }),
          path: 'eks',
          problem: 'the public API endpoint is open to 0.0.0.0/1, 128.0.0.0/1',
        },
        { name: 'a public endpoint without CIDRs', build: (stack) => cluster(stack, { vpcConfig: publicEndpoint() }), path: 'eks', problem: 'public_access_cidrs is not set' },
      ],
      'PLAT-EKS-004': [
        {
          name: 'missing audit and authenticator logs',
          build: (stack) => cluster(stack, { enabledClusterLogTypes: ['api', 'controllerManager', 'scheduler'] }),
          path: 'eks',
          problem: 'enabled_cluster_log_types lacks audit, authenticator',
        },
      ],
      'PLAT-EKS-005': [{ name: 'the EKS default launch template', build: (stack) => nodeGroup(stack, { launchTemplate: undefined }), path: 'nodes', problem: 'has no launch_template' }],
      'PLAT-EKS-006': [
        { name: 'SSH from anywhere', build: (stack) => nodeGroup(stack, { remoteAccess: { ec2SshKey: 'ops' } }), path: 'nodes', problem: 'SSH is open to 0.0.0.0/0' },
      ],
    },
  );

  it('lets non-production clusters open the public endpoint, and production list ranges', () => {
    expect(findingsOf('PLAT-EKS-003', (stack) => cluster(stack, { vpcConfig: publicEndpoint(['0.0.0.0/0']) }), false)).toEqual([]);
    expect(findingsOf('PLAT-EKS-003', (stack) => cluster(stack, { vpcConfig: publicEndpoint(['203.0.113.0/24']) }))).toEqual([]);
    expect(findingsOf('PLAT-EKS-003', (stack) => cluster(stack, { vpcConfig: publicEndpoint(['198.18.0.0/15', '11.0.0.0/9']) }))).toEqual([]);
  });

  it('accepts SSH limited to source security groups', () => {
    expect(findingsOf('PLAT-EKS-006', (stack) => nodeGroup(stack, { remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-bastion'] } }))).toEqual([]);
  });
});

describe('EKS rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-EKS-001', 'envelope encryption of other resources than secrets', (stack) => cluster(stack, { encryptionConfig: { resources: ['configmaps'], provider: { keyArn: 'arn:aws:kms:eu-central-1:1:key/k' } } }), ['has no encryption_config for secrets']],
    ['PLAT-EKS-001', 'a secrets encryption_config without its provider block (Terraform requires one)', (stack) => cluster(stack, { encryptionConfig: { resources: ['secrets'] } as unknown as EksClusterConfig['encryptionConfig'] }), ['has no encryption_config for secrets']],
    ['PLAT-EKS-003', 'no vpc_config (Terraform requires one): the endpoint defaults apply', (stack) => cluster(stack, { vpcConfig: undefined }), ['the public API endpoint is on and public_access_cidrs is not set, so it is open to 0.0.0.0/0']],
    ['PLAT-EKS-003', 'the public endpoint left at its default (on) without CIDRs', (stack) => cluster(stack, { vpcConfig: { subnetIds: ['subnet-a'], endpointPrivateAccess: true } }), ['the public API endpoint is on and public_access_cidrs is not set, so it is open to 0.0.0.0/0']],
    ['PLAT-EKS-003', 'the public endpoint left at its default with an office range', (stack) => cluster(stack, { vpcConfig: { subnetIds: ['subnet-a'], endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }), []],
    ['PLAT-EKS-004', 'every log type but the scheduler', (stack) => cluster(stack, { enabledClusterLogTypes: EKS_LOG_TYPES.filter((type) => type !== 'scheduler') }), ['enabled_cluster_log_types lacks scheduler']],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
