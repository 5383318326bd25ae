/**
 * The cross-field rules of the environment itself (environmentSchema's superRefine): each at its threshold, the value
 * just inside accepted and the one just outside refused with the message the user reads.
 */
import { environmentSchema, type EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import { configIssues, configIssuesUnder, exampleEcsEnvironment, exampleEnvironment } from './testing';

/** The issues of `input` on `field` and below it; [] when the environment loads. */
const issuesAt = (field: string, input: EnvironmentInput) => configIssuesUnder(input, field);

const TWO_ZONES = ['eu-central-1a', 'eu-central-1b'];
const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

describe('the environment', () => {
  describe('production database', () => {
    const postgres = (settings: object, production = true) => exampleEnvironment({ production, data: { postgres: settings } });

    it.each([
      [6, ['data.postgres.backupRetentionDays: 6 days is too short for production. Fix: keep backups at least 7 days (default 30)']],
      [7, []],
    ])('keeps backups %i days: %p', (backupRetentionDays, expected) => {
      expect(issuesAt('data.postgres.backupRetentionDays', postgres({ backupRetentionDays }))).toEqual(expected);
    });

    it('may keep backups 1 day, single-AZ, outside production', () => {
      expect(issuesAt('data.postgres', postgres({ backupRetentionDays: 1, multiAz: false }, false))).toEqual([]);
    });

    it('is Multi-AZ in production', () => {
      expect(issuesAt('data.postgres.multiAz', postgres({ multiAz: false }))).toEqual([
        'data.postgres.multiAz: must be true in production: a single-AZ database goes down with its zone. Fix: remove multiAz: false, or set production: false',
      ]);
    });
  });

  describe('VPC size', () => {
    const vpc = (vpcCidr: string) => issuesAt('network.vpcCidr', exampleEnvironment({ network: { vpcCidr } }));
    const outside = (cidr: string) => `network.vpcCidr: ${cidr} is outside the /16 to /28 range AWS allows for a VPC. Fix: use a prefix between /16 and /28, such as 10.20.0.0/16`;

    it.each([
      ['10.30.0.0/15', [outside('10.30.0.0/15')]],
      ['10.30.0.0/16', []],
      ['10.30.0.0/28', []],
      ['10.30.0.0/29', [outside('10.30.0.0/29')]],
    ])('%s: %p', (cidr, expected) => {
      expect(vpc(cidr)).toEqual(expected);
    });

    it('reports a VPC CIDR that is no CIDR once, not as a size too', () => {
      expect(vpc('10.30.0.0')).toEqual([expect.stringMatching(/^network\.vpcCidr: '10\.30\.0\.0' is not an IPv4 CIDR/)]);
    });
  });

  describe('with a region that is no region', () => {
    const badRegion = (network: EnvironmentInput['network']) =>
      configIssues(exampleEnvironment({ region: 'EU-Central-1', availabilityZones: ['EU-Central-1a', 'EU-Central-1b'], network }));

    it('still reports the VPC CIDR, which does not derive from the region', () => {
      expect(badRegion({ vpcCidr: 'ten' })).toContainEqual(expect.stringMatching(/^network\.vpcCidr: 'ten' is not an IPv4 CIDR/));
    });

    it('still reports subnets written explicitly, but not the computed tiers', () => {
      const issues = badRegion({ vpcCidr: '10.30.0.0/16', subnetCidrs: { public: { 'EU-Central-1a': '10.31.0.0/24', 'EU-Central-1b': '10.30.201.0/24' } } });
      expect(issues.filter((issue) => issue.startsWith('network.'))).toEqual([
        'network.subnetCidrs.public.EU-Central-1a: 10.31.0.0/24 does not fit in the VPC 10.30.0.0/16. Fix: choose a CIDR inside 10.30.0.0/16, or widen vpcCidr',
      ]);
    });
  });

  describe('default state bucket name', () => {
    // `<project>-tfstate-123456789012-eu-central-1`: 34 characters after the project; S3 allows 63.
    const bucket = (project: string, state: EnvironmentInput['state'] = {}) => issuesAt('state.bucket', exampleEnvironment({ project, state }));

    it('of 63 characters is accepted', () => {
      expect(bucket(`p${'x'.repeat(28)}`)).toEqual([]);
    });

    it('of 64 characters is refused, with state.bucket as the fix', () => {
      const project = `p${'x'.repeat(29)}`;
      expect(bucket(project)).toEqual([
        `state.bucket: the default bucket name '${project}-tfstate-123456789012-eu-central-1' is not a valid S3 bucket name (longer than 63 characters?). Fix: set state.bucket`,
      ]);
    });

    it('is not checked when state.bucket is written', () => {
      expect(bucket(`p${'x'.repeat(29)}`, { bucket: 'platform-tfstate' })).toEqual([]);
    });
  });

  describe('CDN host name', () => {
    const cdnIssues = (overrides: Partial<EnvironmentInput>) => issuesAt('data.cdn.hostname', exampleEnvironment({ ...overrides, data: { cdn: { hostname: 'app' } } }));
    const message = 'data.cdn.hostname: needs dnsZoneName and dnsZoneId: the certificate is validated and the name published in that zone. Fix: set both, or remove hostname';

    it('is not checked when there is none, even without a zone', () => {
      const input = exampleEnvironment({ dnsZoneId: undefined, cluster: { adminRoleArns: [ADMIN], addons: { externalDns: false } } });
      expect(issuesAt('data.cdn', input)).toEqual([]);
    });

    it.each<[string, Partial<EnvironmentInput>, string[]]>([
      ['with both zone settings', {}, []],
      ['without dnsZoneId', { dnsZoneId: undefined }, [message]],
      ['without dnsZoneName', { dnsZoneName: undefined }, [message]],
    ])('%s', (_, overrides, expected) => {
      expect(cdnIssues(overrides)).toEqual(expected);
    });
  });

  describe('search data nodes', () => {
    const search = (instanceCount: number, availabilityZones?: string[], enabled = true) =>
      issuesAt('data.search.instanceCount', exampleEnvironment({ ...(availabilityZones ? { availabilityZones } : {}), data: { search: { enabled, instanceCount } } }));
    const uneven = (count: number) => `data.search.instanceCount: ${count} data nodes cannot be spread evenly over the Availability Zones. Fix: use a multiple of 2 or 3, such as ${count + 1}`;
    const needThree = (count: number) => `data.search.instanceCount: ${count} data nodes need 3 Availability Zones, and the environment lists 2. Fix: use a multiple of 2, or list a third zone in availabilityZones`;

    it.each<[number, string[] | undefined, string[]]>([
      [2, TWO_ZONES, []],
      [3, undefined, []],
      [3, TWO_ZONES, [needThree(3)]],
      [4, TWO_ZONES, []],
      [5, undefined, [uneven(5)]],
      [6, TWO_ZONES, []],
      [9, TWO_ZONES, [needThree(9)]],
    ])('%i nodes in zones %j: %p', (count, zones, expected) => {
      expect(search(count, zones)).toEqual(expected);
    });

    it('are not checked while search is off', () => {
      expect(search(5, TWO_ZONES, false)).toEqual([]);
      expect(search(3, TWO_ZONES, false)).toEqual([]);
    });
  });

  describe('image repositories replicated to the secondary region', () => {
    const noNamespace = (field: string, repository: string, project: string) =>
      `${field}: '${repository}' has no namespace, which ECR replication to the secondary region matches repositories by. Fix: write <namespace>/<image>, such as '${project}/${repository}'`;
    const eks = (ecrRepositories: string[], overrides: Partial<EnvironmentInput> = {}) =>
      issuesAt('cluster.ecrRepositories', exampleEnvironment({ ...overrides, cluster: { adminRoleArns: [ADMIN], ecrRepositories } }));

    it('need a namespace on EKS, reported at the repository', () => {
      expect(eks(['novel-engine/backend', 'backend'])).toEqual([noNamespace('cluster.ecrRepositories.1', 'backend', 'platform')]);
    });

    it('need a namespace on ECS, reported at the service', () => {
      const issues = issuesAt('ecs.services', exampleEcsEnvironment({ ecs: { services: { api: { repository: 'api' } } } }));
      expect(issues).toEqual([noNamespace('ecs.services.api.repository', 'api', 'storymagic')]);
    });

    it('need none when nothing is recovered', () => {
      expect(eks(['backend'], { production: false, recovery: { strategy: 'none' } })).toEqual([]);
    });
  });

  describe('additional tags', () => {
    const tags = (additionalTags: Record<string, string>) => issuesAt('additionalTags', exampleEnvironment({ additionalTags }));
    const reserved = (key: string) => `additionalTags.${key}: '${key}' is set by the platform or reserved by AWS. Fix: remove it`;

    it('refuse the tags the platform sets and the aws: prefix in any case', () => {
      expect(tags({ Component: 'x', Environment: 'x', 'aws:x': 'x', 'AWS:y': 'x' })).toEqual([reserved('Component'), reserved('Environment'), reserved('aws:x'), reserved('AWS:y')]);
    });

    it('accept a key that only starts like aws, and any other key', () => {
      expect(tags({ awsome: 'x', Team: 'x', 'x-aws:': 'x' })).toEqual([]);
    });
  });

  it('holds an ECS environment to no cluster or workloads rule (it has no cluster, and no admin role)', () => {
    expect(() => loadEnvironment(exampleEcsEnvironment())).not.toThrow();
  });

  it("reports its cross-field rules as zod's custom issues, each at its field", () => {
    const input = exampleEnvironment({
      project: `p${'x'.repeat(29)}`,
      additionalTags: { Owner: 'someone' },
      network: { vpcCidr: '10.30.0.0/29' },
      data: { postgres: { multiAz: false, backupRetentionDays: 6 } },
    });
    const issues = environmentSchema.safeParse(input).error?.issues ?? [];
    expect(new Set(issues.map((issue) => issue.path.slice(0, 3).join('.')))).toEqual(
      new Set(['network.subnetCidrs.public', 'network.subnetCidrs.private', 'network.subnetCidrs.database', 'network.vpcCidr', 'state.bucket', 'data.postgres.multiAz', 'data.postgres.backupRetentionDays', 'additionalTags.Owner']),
    );
    expect(new Set(issues.map((issue) => issue.code))).toEqual(new Set(['custom']));
  });

  it('holds its availability zones to its region, naming region as the setting to change', () => {
    expect(issuesAt('availabilityZones', exampleEnvironment({ availabilityZones: ['eu-central-1a', 'eu-west-1b'] }))).toEqual([
      "availabilityZones.1: 'eu-west-1b' is not a zone of region eu-central-1. Fix: use zones of eu-central-1 such as eu-central-1a, eu-central-1b, eu-central-1c, or change region",
    ]);
  });

  // Each section's cross-field rules are held at their thresholds in the section's spec; here, that they are applied.
  it.each<[string, EnvironmentInput, string]>([
    ['ECS settings', exampleEnvironment({ ecs: { services: { api: { repository: 'storymagic/api' } } } }), "ecs: is read only when compute is 'ecs'. Fix: remove ecs, or set compute: 'ecs'"],
    ['cluster', exampleEnvironment({ cluster: { adminRoleArns: [] } }), 'cluster.adminRoleArns: lists no role'],
    ['workloads', exampleEnvironment({ workloads: { imageTag: 'latest' } }), "workloads.imageTag: 'latest' is not reproducible"],
    ['observability', exampleEnvironment({ observability: { cloudwatch: { containerInsights: false } } }), 'observability.cloudwatch.containerInsights: is off'],
    ['recovery', exampleEnvironment({ recovery: { strategy: 'none' } }), "recovery.strategy: is 'none' in production"],
    ['security', exampleEnvironment({ security: { guardDuty: { enabled: false } } }), 'security.guardDuty.enabled: is false in production'],
  ])('applies the cross-field rules of its %s', (_, input, expected) => {
    expect(configIssues(input)).toEqual([expect.stringContaining(expected)]);
  });
});
