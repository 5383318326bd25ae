import { synthJson } from '@platform/terraform-testing';
import { BaselineSecurityGroups } from './baseline-security-groups';

describe('BaselineSecurityGroups', () => {
  const json = synthJson((scope) => new BaselineSecurityGroups(scope, 'groups', { namePrefix: 'p', vpcId: 'vpc-123', applicationPorts: [8000] }));
  const group = (id: string) => json.ref(json.resource('aws_security_group', id), 'id');
  /** Every rule as `<group> <direction> <port> <peer>`, peers named by group. */
  const rules = () => {
    const names = Object.fromEntries(['LoadBalancer', 'Application', 'Database', 'Cache'].map((id) => [group(id), id]));
    return ['ingress', 'egress'].flatMap((direction) =>
      json.resources(`aws_vpc_security_group_${direction}_rule`).map((rule) => {
        expect(rule.from_port).toBe(rule.to_port);
        expect(rule.ip_protocol).toBe('tcp');
        const peer = rule.cidr_ipv4 ?? names[rule.referenced_security_group_id as string];
        return `${names[rule.security_group_id as string]} ${direction} ${rule.from_port} ${peer}`;
      }),
    );
  };

  it('opens exactly the seed design ports between exactly the seed design peers', () => {
    expect(rules().sort()).toEqual(
      [
        'LoadBalancer ingress 80 0.0.0.0/0',
        'LoadBalancer ingress 443 0.0.0.0/0',
        'LoadBalancer egress 8000 Application',
        'Application ingress 8000 LoadBalancer',
        'Application ingress 8000 Application',
        'Application egress 443 0.0.0.0/0',
        'Application egress 5432 Database',
        'Application egress 6379 Cache',
        'Application egress 8000 Application',
        'Database ingress 5432 Application',
        'Cache ingress 6379 Application',
      ].sort(),
    );
  });

  it('describes every rule and every group', () => {
    for (const rule of [...json.resources('aws_vpc_security_group_ingress_rule'), ...json.resources('aws_vpc_security_group_egress_rule')]) {
      expect(rule.description).toEqual(expect.stringMatching(/\w{4,}/));
    }
    expect(json.resources('aws_security_group').map((g) => g.name).sort()).toEqual(['p-application', 'p-cache', 'p-database', 'p-load-balancer']);
  });

  it('lets the load balancer reach the services’ pods (IP targets) and services each other on the seed ports, by default', () => {
    const defaults = synthJson((scope) => new BaselineSecurityGroups(scope, 'groups', { namePrefix: 'p', vpcId: 'vpc-123' }));
    const ingressPorts = (pattern: RegExp) =>
      defaults
        .resources('aws_vpc_security_group_ingress_rule')
        .filter((r) => pattern.test(r.logicalId))
        .map((r) => r.from_port)
        .sort();
    expect(ingressPorts(/IngressFromLoadBalancer/)).toEqual([3000, 80, 8000]);
    expect(ingressPorts(/IngressFromApplication\d/)).toEqual([3000, 80, 8000]);
  });

  it('without the shared workload groups (ECS) creates only the data groups, admitting nothing until a service adds its rule', () => {
    const ecs = synthJson((scope) => new BaselineSecurityGroups(scope, 'groups', { namePrefix: 'p', vpcId: 'vpc-123', workloadGroups: false }));
    expect(ecs.resources('aws_security_group').map((sg) => sg.name).sort()).toEqual(['p-cache', 'p-database']);
    expect(ecs.resources('aws_security_group').find((sg) => sg.name === 'p-database')?.description).toBe('PostgreSQL, reachable from the groups of the services that use it only');
    expect(ecs.resources('aws_vpc_security_group_ingress_rule')).toEqual([]);
    expect(ecs.resources('aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  it('rejects loadBalancerTargetPorts [70000]', () => {
    expect(() => synthJson((scope) => new BaselineSecurityGroups(scope, 'groups', { namePrefix: 'p', vpcId: 'vpc-1', loadBalancerTargetPorts: [70000] }))).toThrow(
      /loadBalancerTargetPorts: 70000 is not a TCP port/,
    );
  });

  it.each([
    [[], /applicationPorts: the list is empty/],
    [[0], /applicationPorts: 0 is not a TCP port/],
    [[80, 80], /applicationPorts: \[80, 80\] lists a port twice/],
  ])('rejects applicationPorts %j', (applicationPorts, message) => {
    expect(() => synthJson((scope) => new BaselineSecurityGroups(scope, 'groups', { namePrefix: 'p', vpcId: 'vpc-1', applicationPorts }))).toThrow(message);
  });
});
