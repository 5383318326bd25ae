import { configIssues, exampleEnvironment, issueMatching } from './testing';
import { loadEnvironment } from './load-environment';

const VALID = exampleEnvironment();

/** The issues of a rejected input, as `field: message` lines. */
const issuesOf = (input: unknown, expectedName?: string) => configIssues(input, { expectedName });

describe('loadEnvironment', () => {
  it('fills every default with the production choice', () => {
    const config = loadEnvironment(VALID);
    expect(config.network).toEqual({
      vpcCidr: '10.30.0.0/16',
      natGateways: 'perAz',
      interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'secretsmanager', 'ssm'],
      flowLogRetentionDays: 365,
      applicationPorts: [80, 3000, 8000],
    });
  });

  it('derives the mandatory tags and the resource prefix', () => {
    const config = loadEnvironment({ ...VALID, additionalTags: { DataClassification: 'internal' } });
    expect(config.tags).toEqual({
      Environment: 'staging',
      Project: 'platform',
      Owner: 'platform-team',
      CostCenter: 'CC-1',
      ManagedBy: 'cdktf',
      DataClassification: 'internal',
    });
    expect(config.resourcePrefix).toBe('platform-staging');
  });

  it('names the environment and its file in the error message', () => {
    expect(() => loadEnvironment({ ...VALID, accountId: '42' }, { expectedName: 'staging' })).toThrow(
      /^Environment 'staging' \(environments\/staging\/environment.ts\) is invalid:\n {2}- accountId: is not a 12-digit AWS account id/,
    );
  });

  describe('rejects bad input with the field and the fix', () => {
    it.each<[string, unknown, string | RegExp]>([
      ['a malformed VPC CIDR', { ...VALID, network: { vpcCidr: '10.30.0.0/33' } }, /^network\.vpcCidr: '10\.30\.0\.0\/33' is not an IPv4 CIDR.*\. Fix: /],
      ['a VPC CIDR with host bits', { ...VALID, network: { vpcCidr: '10.30.1.0/16' } }, /^network\.vpcCidr: .*host bits set; its network address is 10\.30\.0\.0\/16/],
      [
        'overlapping subnet CIDRs',
        {
          ...VALID,
          network: {
            vpcCidr: '10.30.0.0/16',
            subnetCidrs: { public: { 'eu-central-1a': '10.30.200.0/24', 'eu-central-1b': '10.30.200.128/25', 'eu-central-1c': '10.30.202.0/24' } },
          },
        },
        /^network\.subnetCidrs\.public\.eu-central-1b: 10\.30\.200\.128\/25 overlaps subnetCidrs\.public\.eu-central-1a \(10\.30\.200\.0\/24\)\. Fix: give each subnet its own/,
      ],
      [
        'a subnet that does not fit the VPC',
        { ...VALID, network: { vpcCidr: '10.30.0.0/16', subnetCidrs: { database: { 'eu-central-1a': '10.31.0.0/24', 'eu-central-1b': '10.30.201.0/24', 'eu-central-1c': '10.30.202.0/24' } } } },
        /^network\.subnetCidrs\.database\.eu-central-1a: 10\.31\.0\.0\/24 does not fit in the VPC 10\.30\.0\.0\/16\. Fix: choose a CIDR inside 10\.30\.0\.0\/16/,
      ],
      ['fewer than 2 AZs', { ...VALID, availabilityZones: ['eu-central-1a'] }, /^availabilityZones: needs at least 2 zones/],
      ['an AZ not in the region', { ...VALID, availabilityZones: ['eu-central-1a', 'eu-west-1b'] }, /^availabilityZones\.1: 'eu-west-1b' is not a zone of region eu-central-1\. Fix: use zones of eu-central-1/],
      ['a repeated AZ', { ...VALID, availabilityZones: ['eu-central-1a', 'eu-central-1a'] }, /^availabilityZones\.1: 'eu-central-1a' is listed twice/],
      ['an unknown region', { ...VALID, region: 'europe' }, /^region: 'europe' is not a region of the AWS partitions the platform supports .*Fix: write a region of /],
      ['a misspelt region', { ...VALID, region: 'eu-wset-1' }, /^region: 'eu-wset-1' is not a region of the AWS partitions the platform supports .*Fix: write 'eu-west-1' if/],
      ['an unknown NAT mode', { ...VALID, network: { vpcCidr: '10.30.0.0/16', natGateways: 'double' } }, /^network\.natGateways: Invalid option: expected one of "perAz"\|"single"\|"none"/],
      ['an unknown interface endpoint', { ...VALID, network: { vpcCidr: '10.30.0.0/16', interfaceEndpoints: ['ec2'] } }, /^network\.interfaceEndpoints\.0: Invalid option/],
      ['a flow log retention CloudWatch does not offer', { ...VALID, network: { vpcCidr: '10.30.0.0/16', flowLogRetentionDays: 10 } }, /^network\.flowLogRetentionDays: is not a retention CloudWatch Logs accepts\. Fix: use one of 1, 3, 5/],
      ['a misspelt setting', { ...VALID, network: { vpcCidr: '10.30.0.0/16', natGateway: 'single' } }, `network.natGateway: is not a setting (did you mean 'natGateways'?). Fix: rename it to natGateways, or remove it`],
      ['a misspelt top-level setting', { ...Object.fromEntries(Object.entries(VALID).filter(([key]) => key !== 'network')), netwrok: VALID.network }, `netwrok: is not a setting (did you mean 'network'?). Fix: rename it to network, or remove it`],
      // Renaming natGateway to the natGateways already written would write the key twice: no such suggestion.
      [
        'a misspelt setting next to the one it resembles',
        { ...VALID, network: { vpcCidr: '10.30.0.0/16', natGateways: 'single', natGateway: 'single' } },
        'network.natGateway: is not a setting of network. Fix: remove it, or write one of the settings docs/environment-config.md lists there',
      ],
      [
        'a setting nothing resembles',
        { ...VALID, data: { notAnything: true } },
        'data.notAnything: is not a setting of data. Fix: remove it, or write one of the settings docs/environment-config.md lists there',
      ],
      ['a missing VPC CIDR', { ...VALID, network: {} }, `network.vpcCidr: is missing. Fix: add vpcCidr: '...' (see docs/environment-config.md)`],
      ['a missing section', { ...VALID, network: undefined }, 'network: is missing. Fix: add network: { ... } (see docs/environment-config.md)'],
      ['a platform tag in additionalTags', { ...VALID, additionalTags: { Owner: 'me' } }, `additionalTags.Owner: 'Owner' is set by the platform or reserved by AWS. Fix: remove it`],
      ['an account id written as a number', { ...VALID, accountId: 123456789012 }, /^accountId: Invalid input: expected string, received number/],
    ])('%s', (_case, input, expected) => {
      expect(issuesOf(input)).toContainEqual(issueMatching(expected));
    });

    it('a file declaring another environment’s name', () => {
      expect(issuesOf({ ...VALID, name: 'production' }, 'staging')).toEqual([
        `name: declares 'production' but the file belongs to environment 'staging'. Fix: set name: 'staging'`,
      ]);
    });
  });

  describe('a value of the type of one option of a union, wrong inside it', () => {
    it('reports that option\'s problems at their own paths, not the options to choose from', () => {
      expect(issuesOf({ ...VALID, observability: { budget: { monthlyLimit: 5 } } })).toEqual([
        'observability.budget.monthlyLimitUsd: is missing. Fix: add monthlyLimitUsd: <a number> (see docs/environment-config.md)',
        "observability.budget.monthlyLimit: is not a setting (did you mean 'monthlyLimitUsd'?). Fix: rename it to monthlyLimitUsd, or remove it",
      ]);
    });

    it('names the options when the value has the type of none', () => {
      expect(issuesOf({ ...VALID, observability: { budget: 'yes' } })).toEqual(['observability.budget: Invalid input. Fix: write false or an object']);
    });
  });

  describe('a region that is no region', () => {
    it.each([
      ['of the wrong case', 'EU-Central-1'],
      ['too long for the default state bucket name', 'eu-central-1-and-then-some-more-words-x'],
    ])('%s is reported once, at region: not again at what derives from it (state bucket, subnet slots)', (_, region) => {
      expect(issuesOf({ ...VALID, region, availabilityZones: [`${region}a`, `${region}b`] })).toEqual([expect.stringMatching(/^region: /)]);
    });
  });

  it('reports every problem of a file at once', () => {
    expect(issuesOf({ ...VALID, accountId: 'x', region: 'nowhere', network: { vpcCidr: 'ten' } })).toHaveLength(3);
  });
});
