import { planSubnetLayout } from './subnet-layout';

describe('planSubnetLayout', () => {
  it('places each AZ by its zone letter, so the order of the list does not matter', () => {
    const forward = planSubnetLayout({ vpcCidr: '10.0.0.0/16', availabilityZones: ['eu-central-1a', 'eu-central-1c'] });
    const reversed = planSubnetLayout({ vpcCidr: '10.0.0.0/16', availabilityZones: ['eu-central-1c', 'eu-central-1a'] });
    expect(forward.problems).toEqual([]);
    expect(reversed.layout).toEqual(forward.layout);
    expect(forward.layout.private).toEqual({ 'eu-central-1a': '10.0.0.0/20', 'eu-central-1c': '10.0.32.0/20' });
  });

  it('scales the layout down to a /20 VPC with /28 database subnets', () => {
    const { layout, problems } = planSubnetLayout({ vpcCidr: '10.0.16.0/20', availabilityZones: ['us-east-1a', 'us-east-1f'] });
    expect(problems).toEqual([]);
    expect(layout).toEqual({
      private: { 'us-east-1a': '10.0.16.0/24', 'us-east-1f': '10.0.21.0/24' },
      public: { 'us-east-1a': '10.0.24.0/27', 'us-east-1f': '10.0.24.160/27' },
      database: { 'us-east-1a': '10.0.25.0/28', 'us-east-1f': '10.0.25.80/28' },
    });
  });

  it('uses explicit CIDRs for overridden tiers and computes the rest', () => {
    const { layout, problems } = planSubnetLayout({
      vpcCidr: '10.0.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b'],
      overrides: { public: { 'eu-central-1a': '10.0.200.0/24', 'eu-central-1b': '10.0.201.0/24' } },
    });
    expect(problems).toEqual([]);
    expect(layout.public).toEqual({ 'eu-central-1a': '10.0.200.0/24', 'eu-central-1b': '10.0.201.0/24' });
    expect(layout.database['eu-central-1b']).toBe('10.0.145.0/24');
  });

  it('reports every problem of an override at once, each with its field and a fix', () => {
    const { problems } = planSubnetLayout({
      vpcCidr: '10.0.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b'],
      overrides: { database: { 'eu-central-1a': '10.0.300.0/24', 'eu-central-1d': '10.0.250.0/24' } },
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'subnetCidrs.database.eu-central-1d', problem: expect.stringMatching(/not one of the availability zones/) }),
      expect.objectContaining({ field: 'subnetCidrs.database.eu-central-1a', problem: expect.stringMatching(/not an IPv4 CIDR/) }),
      expect.objectContaining({ field: 'subnetCidrs.database.eu-central-1b', problem: 'no CIDR given for eu-central-1b' }),
    ]);
    for (const problem of problems) expect(problem.fix).toMatch(/\w+/);
  });

  it('rejects subnets smaller than /28', () => {
    const { problems } = planSubnetLayout({
      vpcCidr: '10.0.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b'],
      overrides: { public: { 'eu-central-1a': '10.0.200.0/29', 'eu-central-1b': '10.0.201.0/24' } },
    });
    expect(problems).toEqual([expect.objectContaining({ field: 'subnetCidrs.public.eu-central-1a', problem: expect.stringMatching(/smaller than \/28/) })]);
  });
});
