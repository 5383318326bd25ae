import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { NetworkStack } from './network-stack';

const ENVIRONMENT = loadEnvironment(
  exampleEnvironment({
    name: 'development',
    availabilityZones: ['eu-central-1a', 'eu-central-1b'],
    network: { vpcCidr: '10.10.0.0/16', natGateways: 'single', interfaceEndpoints: [], flowLogRetentionDays: 30 },
  }),
);

describe('NetworkStack', () => {
  const stack = new NetworkStack(Testing.app(), ENVIRONMENT);
  const json = JSON.parse(Testing.synth(stack));

  it('pins the AWS provider to the environment’s region and account and tags everything', () => {
    expect(json.provider.aws).toEqual([
      {
        region: 'eu-central-1',
        allowed_account_ids: ['123456789012'],
        default_tags: [
          { tags: { Environment: 'development', Project: 'platform', Owner: 'platform-team', CostCenter: 'CC-1', ManagedBy: 'cdktf' } },
        ],
      },
    ]);
  });

  it('keeps its state in the environment’s bucket under <environment>/network.tfstate', () => {
    expect(json.terraform.backend.s3).toMatchObject({ bucket: 'platform-tfstate-123456789012-eu-central-1', key: 'development/network.tfstate' });
  });

  it('builds the network from the environment’s settings', () => {
    expect(Object.keys(json.resource.aws_nat_gateway)).toHaveLength(1);
    expect(Object.values(json.resource.aws_cloudwatch_log_group)).toEqual([expect.objectContaining({ retention_in_days: 30 })]);
    expect(Object.values(json.resource.aws_vpc)).toEqual([expect.objectContaining({ cidr_block: '10.10.0.0/16', tags: { Name: 'platform-development', Component: 'network' } })]);
    expect(Object.values(json.resource.aws_subnet)).toContainEqual(
      expect.objectContaining({ tags: expect.objectContaining({ 'kubernetes.io/cluster/platform-development': 'shared' }) }),
    );
  });

  it('outputs what later stacks need', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'application_security_group_id',
      'cache_security_group_id',
      'cache_subnet_group_name',
      'database_security_group_id',
      'database_subnet_ids',
      'db_subnet_group_name',
      'load_balancer_security_group_id',
      'private_subnet_ids',
      'public_subnet_ids',
      'vpc_cidr',
      'vpc_id',
    ]);
    expect(json.output.private_subnet_ids.value).toEqual({
      'eu-central-1a': expect.stringMatching(/^\$\{aws_subnet\.network_PrivateSubnet-eu-central-1a_\w+\.id\}$/),
      'eu-central-1b': expect.stringMatching(/^\$\{aws_subnet\.network_PrivateSubnet-eu-central-1b_\w+\.id\}$/),
    });
  });
});
