import { synthJson } from '@platform/terraform-testing';
import { Network, NetworkProps } from './network';

const AZS = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'];
const BASE: NetworkProps = {
  namePrefix: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  vpcCidr: '10.40.0.0/16',
  availabilityZones: AZS,
};

const synthNetwork = (props: Partial<NetworkProps> = {}) => synthJson((scope) => new Network(scope, 'network', { ...BASE, ...props }));

describe('Network', () => {
  describe('with defaults', () => {
    const json = synthNetwork();

    it('creates a VPC with DNS support and hostnames', () => {
      expect(json.resource('aws_vpc', 'Vpc')).toMatchObject({ cidr_block: '10.40.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    });

    it('creates public, private and database subnets in every AZ from the computed layout', () => {
      const cidrs = Object.fromEntries(json.resources('aws_subnet').map((s) => [(s.tags as Record<string, string>).Name, s.cidr_block]));
      expect(cidrs).toEqual({
        'platform-test-private-eu-central-1a': '10.40.0.0/20',
        'platform-test-private-eu-central-1b': '10.40.16.0/20',
        'platform-test-private-eu-central-1c': '10.40.32.0/20',
        'platform-test-public-eu-central-1a': '10.40.128.0/23',
        'platform-test-public-eu-central-1b': '10.40.130.0/23',
        'platform-test-public-eu-central-1c': '10.40.132.0/23',
        'platform-test-database-eu-central-1a': '10.40.144.0/24',
        'platform-test-database-eu-central-1b': '10.40.145.0/24',
        'platform-test-database-eu-central-1c': '10.40.146.0/24',
      });
      expect(json.resource('aws_subnet', 'PublicSubnet-eu-central-1b')).toMatchObject({ availability_zone: 'eu-central-1b', map_public_ip_on_launch: false });
    });

    it('tags subnets for Kubernetes load balancers, but not the database tier', () => {
      expect(json.resource('aws_subnet', 'PublicSubnet-eu-central-1a').tags).toMatchObject({ 'kubernetes.io/role/elb': '1', Tier: 'public' });
      expect(json.resource('aws_subnet', 'PrivateSubnet-eu-central-1a').tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1', Tier: 'private' });
      expect(Object.keys(json.resource('aws_subnet', 'DatabaseSubnet-eu-central-1a').tags as object)).not.toContain('kubernetes.io/role/internal-elb');
    });

    it('routes public subnets to the internet gateway and each private subnet to the NAT gateway of its own AZ', () => {
      const igw = json.resource('aws_internet_gateway', 'InternetGateway');
      expect(json.resource('aws_route', 'PublicDefaultRoute')).toMatchObject({
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: json.ref(igw, 'id'),
        route_table_id: json.ref(json.resource('aws_route_table', 'PublicRouteTable'), 'id'),
      });
      for (const az of AZS) {
        expect(json.resource('aws_route', `PrivateDefaultRoute-${az}`)).toMatchObject({
          route_table_id: json.ref(json.resource('aws_route_table', `PrivateRouteTable-${az}`), 'id'),
          nat_gateway_id: json.ref(json.resource('aws_nat_gateway', `Gateway-${az}`), 'id'),
        });
        expect(json.resource('aws_nat_gateway', `Gateway-${az}`).subnet_id).toBe(json.ref(json.resource('aws_subnet', `PublicSubnet-${az}`), 'id'));
      }
    });

    it('gives database subnets a route table with no route out of the VPC', () => {
      const databaseRouteTable = json.ref(json.resource('aws_route_table', 'DatabaseRouteTable'), 'id');
      expect(json.resources('aws_route').filter((route) => route.route_table_id === databaseRouteTable)).toEqual([]);
      expect(json.resources('aws_route_table_association').filter((a) => a.route_table_id === databaseRouteTable)).toHaveLength(3);
    });

    it('removes every rule from the default security group', () => {
      expect(json.resource('aws_default_security_group', 'DefaultSecurityGroup')).toMatchObject({ ingress: [], egress: [] });
    });

    it('creates DB and ElastiCache subnet groups over the database subnets only', () => {
      const databaseSubnets = AZS.map((az) => json.ref(json.resource('aws_subnet', `DatabaseSubnet-${az}`), 'id'));
      expect(json.resource('aws_db_subnet_group', 'Database').subnet_ids).toEqual(databaseSubnets);
      expect(json.resource('aws_elasticache_subnet_group', 'Cache').subnet_ids).toEqual(databaseSubnets);
    });

    it('allows only VPC traffic in the database network ACL', () => {
      const rules = json.resources('aws_network_acl_rule');
      expect(rules.map(({ egress, cidr_block, rule_action, protocol }) => ({ egress, cidr_block, rule_action, protocol }))).toEqual(
        expect.arrayContaining([
          { egress: false, cidr_block: '10.40.0.0/16', rule_action: 'allow', protocol: '-1' },
          { egress: true, cidr_block: '10.40.0.0/16', rule_action: 'allow', protocol: '-1' },
        ]),
      );
      expect(rules).toHaveLength(2);
      expect(json.resources('aws_network_acl_association').map((a) => a.subnet_id)).toEqual(
        AZS.map((az) => json.ref(json.resource('aws_subnet', `DatabaseSubnet-${az}`), 'id')),
      );
    });
  });

  describe.each([
    { mode: 'perAz' as const, gateways: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'], privateRoutes: 3 },
    { mode: 'single' as const, gateways: ['eu-central-1a'], privateRoutes: 3 },
    { mode: 'none' as const, gateways: [], privateRoutes: 0 },
  ])('with natGateways $mode', ({ mode, gateways, privateRoutes }) => {
    // The AZ list is deliberately unsorted: the single gateway must still land in the first zone by name.
    const json = synthNetwork({ natGateways: mode, availabilityZones: ['eu-central-1c', 'eu-central-1a', 'eu-central-1b'] });

    it(`creates ${gateways.length} NAT gateway(s), each with an Elastic IP`, () => {
      expect(json.resources('aws_nat_gateway').map((g) => (g.tags as Record<string, string>).Name).sort()).toEqual(gateways.map((az) => `platform-test-${az}`));
      expect(json.resources('aws_eip')).toHaveLength(gateways.length);
    });

    it(`gives ${privateRoutes} private route tables a default route`, () => {
      expect(json.resources('aws_route').filter((r) => r.nat_gateway_id !== undefined)).toHaveLength(privateRoutes);
    });
  });

  it('adding an AZ only adds resources: every existing resource keeps its id and arguments', () => {
    const twoZones = synthNetwork({ availabilityZones: ['eu-central-1a', 'eu-central-1b'] });
    const threeZones = synthNetwork({ availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'] });
    // Lists of subnets in these resources grow in place (an update, never a replacement).
    const growInPlace = new Set(['aws_db_subnet_group', 'aws_elasticache_subnet_group', 'aws_vpc_endpoint']);
    const before = Object.entries(twoZones.json.resource ?? {}).flatMap(([type, blocks]) => Object.entries(blocks).map(([logicalId, body]) => ({ type, logicalId, body })));
    const afterOf = ({ type, logicalId }: { type: string; logicalId: string }) => threeZones.json.resource?.[type]?.[logicalId];
    expect(before.filter((resource) => afterOf(resource) === undefined)).toEqual([]);
    const unchanged = before.filter(({ type }) => !growInPlace.has(type));
    expect(unchanged.map((resource) => ({ ...resource, body: afterOf(resource) }))).toEqual(unchanged);
    expect(threeZones.resources('aws_subnet')).toHaveLength(9);
  });

  describe('VPC endpoints', () => {
    it('attaches S3 and DynamoDB gateway endpoints to every private route table and the database route table', () => {
      const json = synthNetwork();
      expect(json.resources('aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Gateway').map((e) => e.service_name)).toEqual([
        'com.amazonaws.eu-central-1.dynamodb',
        'com.amazonaws.eu-central-1.s3',
      ]);
      expect(json.resources('aws_vpc_endpoint_route_table_association')).toHaveLength(2 * (AZS.length + 1));
    });

    it('creates the six interface endpoints with private DNS behind an HTTPS-from-VPC security group by default', () => {
      const json = synthNetwork();
      const endpoints = json.resources('aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface');
      expect(endpoints.map((e) => e.service_name).sort()).toEqual(
        ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'sts'].map((service) => `com.amazonaws.eu-central-1.${service}`),
      );
      const securityGroup = json.ref(json.resource('aws_security_group', 'SecurityGroup'), 'id');
      for (const endpoint of endpoints) {
        expect(endpoint).toMatchObject({ private_dns_enabled: true, security_group_ids: [securityGroup] });
        expect(endpoint.subnet_ids).toEqual(AZS.map((az) => json.ref(json.resource('aws_subnet', `PrivateSubnet-${az}`), 'id')));
      }
      expect(json.resource('aws_vpc_security_group_ingress_rule', 'HttpsFromVpc')).toMatchObject({
        security_group_id: securityGroup,
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.40.0.0/16',
      });
    });

    it('creates no interface endpoint and no endpoint security group when none are asked for', () => {
      const json = synthNetwork({ interfaceEndpoints: [] });
      expect(json.resources('aws_vpc_endpoint').map((e) => e.vpc_endpoint_type)).toEqual(['Gateway', 'Gateway']);
      expect(json.resources('aws_security_group').map((g) => g.name)).not.toContain('platform-test-vpc-endpoints');
    });
  });

  describe('validation', () => {
    it.each<[string, Partial<NetworkProps>, RegExp]>([
      ['a single AZ', { availabilityZones: ['eu-central-1a'] }, /network: availabilityZones: 1 given, .*at least 2\. Fix: list at least 2 zones/],
      ['an AZ of another region', { availabilityZones: ['eu-central-1a', 'eu-west-1b'] }, /availabilityZones: 'eu-west-1b' is not a zone of eu-central-1/],
      ['a repeated AZ', { availabilityZones: ['eu-central-1a', 'eu-central-1a'] }, /availabilityZones: .* lists a zone twice/],
      ['a malformed VPC CIDR', { vpcCidr: '10.40.0.0/33' }, /vpcCidr: '10.40.0.0\/33' is not an IPv4 CIDR/],
      ['a VPC larger than /16', { vpcCidr: '10.0.0.0/8' }, /vpcCidr: 10.0.0.0\/8 is outside the \/16 to \/28 range/],
      ['a VPC too small for the computed layout', { vpcCidr: '10.40.0.0/24' }, /subnetCidrs\.public\.eu-central-1a: the VPC 10.40.0.0\/24 is too small/],
      [
        'a subnet outside the VPC',
        { subnetCidrs: { public: { 'eu-central-1a': '10.41.0.0/24', 'eu-central-1b': '10.40.201.0/24', 'eu-central-1c': '10.40.202.0/24' } } },
        /subnetCidrs\.public\.eu-central-1a: 10.41.0.0\/24 does not fit in the VPC 10.40.0.0\/16/,
      ],
      [
        'overlapping subnets',
        { subnetCidrs: { public: { 'eu-central-1a': '10.40.0.0/24', 'eu-central-1b': '10.40.201.0/24', 'eu-central-1c': '10.40.202.0/24' } } },
        /10\.40\.0\.0\/20 overlaps subnetCidrs\.public\.eu-central-1a \(10\.40\.0\.0\/24\)/,
      ],
      ['an unknown NAT mode', { natGateways: 'many' as never }, /natGateways: 'many' is not a NAT gateway mode\. Fix: use one of perAz, single, none/],
      ['an invalid flow log retention', { flowLogs: { retentionInDays: 42 } }, /network\/FlowLogs: retentionInDays: 42 is not a retention CloudWatch Logs accepts/],
      ['an invalid application port', { applicationPorts: [70000] }, /network\/SecurityGroups: applicationPorts: 70000 is not a TCP port/],
    ])('rejects %s, naming the construct path and the field', (_case, props, message) => {
      expect(() => synthNetwork(props)).toThrow(message);
    });
  });
});
