import { type NetworkEndpoint, NetworkPaths } from './network-paths';
import { PlatformModel } from './platform-model';

/**
 * Two stacks as cdktf writes them: `net` (VPC, two subnets, groups, an internet route, a locked-down ACL on the data
 * subnet) and `app`, which reads the groups through remote state and adds the rule that admits the app group.
 */
function stacks(options: { appRule?: boolean; aclAllowsVpc?: boolean; publicRoute?: boolean; natRoute?: boolean } = {}): Record<string, Record<string, unknown>> {
  const { appRule = true, aclAllowsVpc = true, publicRoute = true, natRoute = true } = options;
  const backend = (key: string) => ({ s3: { bucket: 'state', key, region: 'eu-central-1' } });
  return {
    net: {
      terraform: { backend: backend('env/net.tfstate') },
      provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: ['123456789012'] }] },
      resource: {
        aws_vpc: { vpc: { cidr_block: '10.0.0.0/16' } },
        aws_subnet: {
          app: { vpc_id: '${aws_vpc.vpc.id}', cidr_block: '10.0.0.0/20' },
          data: { vpc_id: '${aws_vpc.vpc.id}', cidr_block: '10.0.16.0/24' },
          public: { vpc_id: '${aws_vpc.vpc.id}', cidr_block: '10.0.32.0/24' },
        },
        aws_internet_gateway: { igw: { vpc_id: '${aws_vpc.vpc.id}' } },
        aws_nat_gateway: { nat: { subnet_id: '${aws_subnet.public.id}' } },
        aws_route_table: { public: { vpc_id: '${aws_vpc.vpc.id}' }, app: { vpc_id: '${aws_vpc.vpc.id}' } },
        aws_route: {
          ...(publicRoute ? { internet: { route_table_id: '${aws_route_table.public.id}', destination_cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' } } : {}),
          ...(natRoute ? { nat: { route_table_id: '${aws_route_table.app.id}', destination_cidr_block: '0.0.0.0/0', nat_gateway_id: '${aws_nat_gateway.nat.id}' } } : {}),
        },
        aws_route_table_association: {
          public: { route_table_id: '${aws_route_table.public.id}', subnet_id: '${aws_subnet.public.id}' },
          app: { route_table_id: '${aws_route_table.app.id}', subnet_id: '${aws_subnet.app.id}' },
        },
        aws_security_group: { app: { vpc_id: '${aws_vpc.vpc.id}' }, db: { vpc_id: '${aws_vpc.vpc.id}' }, lb: { vpc_id: '${aws_vpc.vpc.id}' } },
        aws_vpc_security_group_egress_rule: {
          app_to_db: { security_group_id: '${aws_security_group.app.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, referenced_security_group_id: '${aws_security_group.db.id}' },
          app_https_out: { security_group_id: '${aws_security_group.app.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' },
        },
        aws_vpc_security_group_ingress_rule: {
          lb_https: { security_group_id: '${aws_security_group.lb.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' },
        },
        aws_network_acl: { data: { vpc_id: '${aws_vpc.vpc.id}' } },
        aws_network_acl_association: { data: { network_acl_id: '${aws_network_acl.data.id}', subnet_id: '${aws_subnet.data.id}' } },
        aws_network_acl_rule: aclAllowsVpc
          ? {
              in: { network_acl_id: '${aws_network_acl.data.id}', rule_number: 100, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: '10.0.0.0/16' },
              out: { network_acl_id: '${aws_network_acl.data.id}', rule_number: 100, egress: true, protocol: '-1', rule_action: 'allow', cidr_block: '10.0.0.0/16' },
            }
          : {},
      },
      output: {
        db_group: { value: '${aws_security_group.db.id}' },
        app_group: { value: '${aws_security_group.app.id}' },
      },
    },
    app: {
      terraform: { backend: backend('env/app.tfstate') },
      data: { terraform_remote_state: { net: { backend: 's3', config: { bucket: 'state', key: 'env/net.tfstate', region: 'eu-central-1' } } } },
      resource: appRule
        ? {
            aws_vpc_security_group_ingress_rule: {
              db_from_app: {
                security_group_id: '${data.terraform_remote_state.net.outputs.db_group}',
                ip_protocol: 'tcp',
                from_port: 5432,
                to_port: 5432,
                referenced_security_group_id: '${data.terraform_remote_state.net.outputs.app_group}',
              },
            },
          }
        : {},
    },
  };
}

function endpoints(model: PlatformModel, paths: NetworkPaths): Record<'app' | 'db' | 'lb', NetworkEndpoint> {
  const id = (type: string, name: string) => String(model.attribute(model.resources(type).find((resource) => resource.name === name)!, 'id'));
  const endpoint = (name: string, group: string, subnet: string) => {
    const subnetIds = [id('aws_subnet', subnet)];
    return { name, securityGroupIds: [id('aws_security_group', group)], subnetIds, cidrs: paths.cidrsOf(subnetIds) };
  };
  return { app: endpoint('app', 'app', 'app'), db: endpoint('db', 'db', 'data'), lb: endpoint('lb', 'lb', 'public') };
}

const internet: NetworkEndpoint = { name: 'internet', securityGroupIds: [], subnetIds: [], cidrs: ['198.51.100.10/32'], internet: true };

describe('NetworkPaths', () => {
  const check = (options: Parameters<typeof stacks>[0], flow: (e: ReturnType<typeof endpoints>) => { from: NetworkEndpoint; to: NetworkEndpoint; port: number }) => {
    const model = new PlatformModel(stacks(options));
    const paths = new NetworkPaths(model);
    return paths.check(flow(endpoints(model, paths))).blockers;
  };

  it('lets a flow through when egress, a cross-stack ingress rule and the ACL allow it', () => {
    expect(check({}, (e) => ({ from: e.app, to: e.db, port: 5432 }))).toEqual([]);
  });

  it('names the group and port when the cross-stack ingress rule is missing', () => {
    expect(check({ appRule: false }, (e) => ({ from: e.app, to: e.db, port: 5432 }))).toEqual([expect.stringMatching(/^no ingress rule of net\/aws_security_group\.db \(sg-0[0-9a-f]{16}\) allows TCP 5432 from app/)]);
  });

  it('refuses a port no rule covers', () => {
    expect(check({}, (e) => ({ from: e.app, to: e.db, port: 6379 }))).toEqual([
      expect.stringMatching(/no egress rule of .* allows TCP 6379 to db/),
      expect.stringMatching(/no ingress rule of .* allows TCP 6379 from app/),
    ]);
  });

  it('applies the network ACL of the receiving subnet, request and reply', () => {
    expect(check({ aclAllowsVpc: false }, (e) => ({ from: e.app, to: e.db, port: 5432 }))).toEqual([
      expect.stringMatching(/network ACL of .* denies TCP 5432 in from 10\.0\.0\.0\/20/),
      expect.stringMatching(/network ACL of .* denies replies out to 10\.0\.0\.0\/20/),
    ]);
  });

  it('lets the internet reach only subnets routed to an internet gateway', () => {
    expect(check({}, (e) => ({ from: internet, to: e.lb, port: 443 }))).toEqual([]);
    expect(check({ publicRoute: false }, (e) => ({ from: internet, to: e.lb, port: 443 }))).toEqual([expect.stringMatching(/has no route to an internet gateway/)]);
    expect(check({}, (e) => ({ from: internet, to: e.db, port: 5432 }))).toContainEqual(expect.stringMatching(/no route to an internet gateway/));
  });

  it('lets a subnet reach the internet only through a NAT gateway in a subnet routed to an internet gateway', () => {
    expect(check({}, (e) => ({ from: e.app, to: internet, port: 443 }))).toEqual([]);
    expect(check({ natRoute: false }, (e) => ({ from: e.app, to: internet, port: 443 }))).toEqual([expect.stringMatching(/aws_subnet\.app .* has no default route to a NAT gateway$/)]);
    // A NAT gateway whose own subnet has no way out takes nothing out either.
    expect(check({ publicRoute: false }, (e) => ({ from: e.app, to: internet, port: 443 }))).toEqual([expect.stringMatching(/has no default route to a NAT gateway/)]);
    // A subnet routed to the internet gateway takes out only senders with a public IP.
    expect(check({}, (e) => ({ from: e.lb, to: internet, port: 443 }))).toContainEqual(expect.stringMatching(/aws_subnet\.public .* has no default route to a NAT gateway$/));
    expect(check({}, (e) => ({ from: { ...e.lb, securityGroupIds: [e.app.securityGroupIds[0]], publicIp: true }, to: internet, port: 443 }))).toEqual([]);
  });

  it('tells whether the receiver’s groups alone admit a flow the route still stops', () => {
    const model = new PlatformModel(stacks());
    const paths = new NetworkPaths(model);
    const { db, lb } = endpoints(model, paths);
    expect(paths.admittedBySecurityGroups({ from: internet, to: lb, port: 443 })).toBe(true);
    expect(paths.admittedBySecurityGroups({ from: internet, to: { ...lb, subnetIds: db.subnetIds }, port: 443 })).toBe(true);
    expect(paths.check({ from: internet, to: { ...lb, subnetIds: db.subnetIds }, port: 443 }).blockers).not.toEqual([]);
    expect(paths.admittedBySecurityGroups({ from: internet, to: db, port: 5432 })).toBe(false);
  });
});

describe('PlatformModel', () => {
  it('resolves a cross-stack reference to the same id as the producer’s resource', () => {
    const model = new PlatformModel(stacks());
    const rule = model.resources('aws_vpc_security_group_ingress_rule').find((resource) => resource.name === 'db_from_app')!;
    const group = model.resources('aws_security_group').find((resource) => resource.name === 'db')!;
    expect(rule.values.security_group_id).toMatch(/^sg-0[0-9a-f]{16}$/);
    expect(rule.values.security_group_id).toBe(model.attribute(group, 'id'));
    expect(model.describe(String(rule.values.security_group_id))).toBe(`net/aws_security_group.db (${String(rule.values.security_group_id)})`);
  });

  it('leaves a remote state it cannot find as an expression placeholder', () => {
    const broken = stacks();
    (broken.app.data as { terraform_remote_state: { net: { config: { key: string } } } }).terraform_remote_state.net.config.key = 'elsewhere.tfstate';
    const rule = new PlatformModel(broken).resources('aws_vpc_security_group_ingress_rule').find((resource) => resource.name === 'db_from_app')!;
    expect(rule.values.security_group_id).toMatch(/^placeholder-expression-/);
  });
});
