import { DEFAULT_NODE_GROUPS } from './cluster-schema';
import { loadEnvironment } from './load-environment';
import { configIssues, configIssuesUnder, exampleEnvironment, issueCodesUnder, issueMatching } from './testing';

const issuesOf = (input: unknown) => configIssues(input);

const general = DEFAULT_NODE_GROUPS.general;

describe('cluster settings', () => {
  it('default to the seed design: two node groups, every add-on, a private endpoint', () => {
    const { cluster } = loadEnvironment(exampleEnvironment());
    expect(cluster.version).toBe('1.34');
    expect(cluster.publicAccessCidrs).toEqual([]);
    expect(Object.keys(cluster.nodeGroups)).toEqual(['general', 'compute-intensive']);
    expect(cluster.nodeGroups.general).toMatchObject({ capacityType: 'ON_DEMAND', instanceTypes: ['t3.medium'], minSize: 2, desiredSize: 3, maxSize: 10 });
    expect(cluster.nodeGroups['compute-intensive']).toMatchObject({
      capacityType: 'SPOT',
      instanceTypes: ['c5.large'],
      minSize: 0,
      desiredSize: 1,
      maxSize: 5,
      taints: [{ key: 'workload', value: 'ai-processing', effect: 'NO_SCHEDULE' }],
    });
    expect(Object.values(cluster.addons).every(Boolean)).toBe(true);
  });

  it.each<[string, object, RegExp | string]>([
    ['min above max', { nodeGroups: { general: { ...general, minSize: 5, maxSize: 3, desiredSize: 4 } } }, 'cluster.nodeGroups.general.minSize: 5 is greater than maxSize 3. Fix: make minSize <= maxSize'],
    ['desired outside the range', { nodeGroups: { general: { ...general, desiredSize: 11 } } }, 'cluster.nodeGroups.general.desiredSize: 11 is outside minSize..maxSize (2..10). Fix: choose a desiredSize in that range'],
    ['an instance type without a size', { nodeGroups: { general: { ...general, instanceTypes: ['t3medium'] } } }, /^cluster\.nodeGroups\.general\.instanceTypes\.0: is not an EC2 instance type\. Fix: write family and size/],
    [
      'a taint effect typo',
      { nodeGroups: { general: { ...general, taints: [{ key: 'a', effect: 'NoSchedule' }] } } },
      'cluster.nodeGroups.general.taints.0.effect: is not a taint effect of the EKS API. Fix: write one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE',
    ],
    ['no node group', { nodeGroups: {} }, 'cluster.nodeGroups: is empty. Fix: declare at least one node group, or remove nodeGroups for the default one'],
    ['an unsupported version', { version: '1.28' }, /^cluster\.version: Invalid option: expected one of "1\.32"\|"1\.33"\|"1\.34"\|"1\.35"/],
    ['a malformed admin role', { adminRoleArns: ['platform-admin'] }, /^cluster\.adminRoleArns\.0: is not an IAM role ARN\. Fix: write the role's ARN/],
    ['a malformed private-endpoint CIDR', { privateAccessCidrs: ['10.0.0.0'] }, /^cluster\.privateAccessCidrs\.0: '10\.0\.0\.0' is not an IPv4 CIDR.*Fix: list the deploy runners/],
    ['a private endpoint open to every address', { privateAccessCidrs: ['0.0.0.0/0'] }, /^cluster\.privateAccessCidrs\.0: 0\.0\.0\.0\/0 admits every address\. Fix:/],
    ['a malformed public CIDR', { publicAccessCidrs: ['1.2.3.4'] }, /^cluster\.publicAccessCidrs\.0: '1\.2\.3\.4' is not an IPv4 CIDR/],
    [
      'a production API endpoint open to the internet',
      { publicAccessCidrs: ['0.0.0.0/0'] },
      'cluster.publicAccessCidrs.0: 0.0.0.0/0 opens the production API endpoint to the whole internet. Fix: list the office or VPN ranges, or leave the list empty for a private endpoint',
    ],
  ])('reject %s', (_case, cluster, expected) => {
    expect(issuesOf(exampleEnvironment({ cluster }))).toContainEqual(issueMatching(expected));
  });

  it('accept a single node group, the fewest there may be', () => {
    expect(Object.keys(loadEnvironment(exampleEnvironment({ cluster: { nodeGroups: { general } } })).cluster.nodeGroups)).toEqual(['general']);
  });

  it('allow an open endpoint outside production, where it is a named choice', () => {
    expect(loadEnvironment(exampleEnvironment({ production: false, cluster: { publicAccessCidrs: ['0.0.0.0/0'] } })).cluster.publicAccessCidrs).toEqual(['0.0.0.0/0']);
  });

  it('require a DNS zone for external-dns, unless it is turned off', () => {
    const { dnsZoneName, ...withoutZone } = exampleEnvironment();
    expect(dnsZoneName).toBeDefined();
    expect(issuesOf(withoutZone)).toContain('dnsZoneName: is required by external-dns. Fix: set dnsZoneName, or set cluster.addons.externalDns: false');
    // Grafana's host name defaults from the zone too.
    const withoutGrafana = { ...withoutZone, observability: { metrics: { enabled: false } }, workloads: { enabled: false } };
    expect(() => loadEnvironment({ ...withoutGrafana, cluster: { ...withoutZone.cluster, addons: { externalDns: false } } })).not.toThrow();
  });

  it('require the id of the DNS zone for external-dns, unless it is turned off', () => {
    const { dnsZoneId, ...withoutZoneId } = exampleEnvironment();
    expect(dnsZoneId).toBeDefined();
    expect(issuesOf(withoutZoneId)).toEqual([
      'dnsZoneId: is required by external-dns, whose IAM policy may change records only in that zone. Fix: set dnsZoneId to the id of the Route 53 zone dnsZoneName (e.g. Z0123456789ABCDEFGHIJ), or set cluster.addons.externalDns: false',
    ]);
    expect(() => loadEnvironment({ ...withoutZoneId, cluster: { ...withoutZoneId.cluster, addons: { externalDns: false } } })).not.toThrow();
    expect(loadEnvironment(exampleEnvironment()).dnsZoneId).toBe('Z0123456789ABCDEFGHIJ');
  });

  it.each(['/hostedzone/Z0123456789ABCDEFGHIJ', 'z0123456789abcdefghij', 'Z', 'staging.example.com'])('reject the hosted zone id %s', (dnsZoneId) => {
    expect(issuesOf(exampleEnvironment({ dnsZoneId }))).toEqual([
      expect.stringMatching(/^dnsZoneId: is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ\. Fix: write the zone's Id without the \/hostedzone\/ prefix/),
    ]);
  });

  it('require an admin role, since the creator gets no implicit access', () => {
    expect(issuesOf(exampleEnvironment({ cluster: { adminRoleArns: [] } }))).toEqual([
      'cluster.adminRoleArns: lists no role (empty, or not written): nobody could administer the cluster (the creator gets no implicit access) and the cluster-addons stack could not deploy. Fix: list the IAM role that deploys and administers the cluster',
    ]);
  });

  describe('at their thresholds', () => {
    /** Issues under `prefix` of an environment with these cluster settings; [] when it loads. */
    const issuesUnder = (prefix: string, cluster: object, production = true) => configIssuesUnder(exampleEnvironment({ production, cluster: cluster as never }), prefix);
    const group = (sizes: { minSize: number; desiredSize: number; maxSize: number }) => ({ nodeGroups: { general: { ...general, ...sizes } } });

    it.each([
      [{ minSize: 3, desiredSize: 3, maxSize: 3 }, []],
      [{ minSize: 2, desiredSize: 2, maxSize: 10 }, []],
      [{ minSize: 2, desiredSize: 10, maxSize: 10 }, []],
      [{ minSize: 4, desiredSize: 3, maxSize: 3 }, ['cluster.nodeGroups.general.minSize: 4 is greater than maxSize 3. Fix: make minSize <= maxSize']],
      [{ minSize: 2, desiredSize: 1, maxSize: 10 }, ['cluster.nodeGroups.general.desiredSize: 1 is outside minSize..maxSize (2..10). Fix: choose a desiredSize in that range']],
      [{ minSize: 2, desiredSize: 11, maxSize: 10 }, ['cluster.nodeGroups.general.desiredSize: 11 is outside minSize..maxSize (2..10). Fix: choose a desiredSize in that range']],
    ])('node group sizes %o: %p', (sizes, expected) => {
      expect(issuesUnder('cluster.nodeGroups.general.', group(sizes))).toEqual(expected);
    });

    it.each<[string[], string[]]>([
      [['m7g.large', 'c7g.large'], []],
      [['t3.medium', 'm7g.large'], ['cluster.nodeGroups.general.instanceTypes: [t3.medium, m7g.large] mixes Graviton (arm64) and x86_64 types, and one AMI cannot boot both. Fix: split them into two node groups, or list one architecture']],
      // A misspelt type is reported on its own: no architecture can be told from it.
      [['t3medium', 'm7g.large'], ["cluster.nodeGroups.general.instanceTypes.0: is not an EC2 instance type. Fix: write family and size such as 't3.medium' or 'c5.large'"]],
    ])('instance types %j: %p', (instanceTypes, expected) => {
      expect(issuesUnder('cluster.nodeGroups.general.instanceTypes', { nodeGroups: { general: { ...general, instanceTypes } } })).toEqual(expected);
    });

    it('admin roles named alike in two accounts are refused at the second, naming the first', () => {
      const arns = ['arn:aws:iam::123456789012:role/platform-admin', 'arn:aws:iam::123456789012:role/ops', 'arn:aws:iam::210987654321:role/platform-admin'];
      expect(issuesUnder('cluster.adminRoleArns', { adminRoleArns: arns })).toEqual([
        "cluster.adminRoleArns.2: names the role 'platform-admin' as cluster.adminRoleArns.0 does, and the cluster's access entries tell roles apart by name. Fix: list each admin role once; roles of different accounts need different names",
      ]);
      expect(issuesUnder('cluster.adminRoleArns', { adminRoleArns: arns.slice(0, 2) })).toEqual([]);
    });

    it.each([
      ['publicAccessCidrs', '0.0.0.0/1', true, []],
      ['publicAccessCidrs', '0.0.0.0/0', false, []],
      ['privateAccessCidrs', '0.0.0.0/1', true, []],
      ['privateAccessCidrs', '0.0.0.0/0', false, ["cluster.privateAccessCidrs.0: 0.0.0.0/0 admits every address. Fix: list the deploy runners' or VPN's CIDR, or omit the field for the VPC"]],
    ])('%s [%s] (production %p): %p', (field, cidr, production, expected) => {
      expect(issuesUnder(`cluster.${field}`, { [field]: [cidr] }, production)).toEqual(expected);
    });

    it('the malformed CIDR is reported with the fix for its list', () => {
      expect(issuesUnder('cluster.publicAccessCidrs', { publicAccessCidrs: ['203.0.113.0/24', '1.2.3.4'] })).toEqual([
        "cluster.publicAccessCidrs.1: '1.2.3.4' is not an IPv4 CIDR such as 10.0.0.0/16. Fix: list the office or VPN ranges that may reach the API",
      ]);
    });
  });

  it("reports its refinements as zod's custom issues", () => {
    const input = exampleEnvironment({
      cluster: {
        adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin', 'arn:aws:iam::210987654321:role/platform-admin'],
        nodeGroups: {
          mixed: { ...general, instanceTypes: ['t3.medium', 'm7g.large'] },
          'upside-down': { ...general, minSize: 5, desiredSize: 5, maxSize: 3 },
          outside: { ...general, desiredSize: 11 },
        },
      },
    });
    expect(configIssues(input)).toHaveLength(4);
    expect(issueCodesUnder(input, 'cluster')).toEqual(['custom']);
  });
});
