import { blocksOf, numberOf, stringsOf } from '@platform/guardrails';
import { cidrContains } from '@platform/core';
import type { ModelResource, PlatformModel } from './platform-model';

/** Something that sends or receives traffic: network interfaces with security groups, or an address range. */
export interface NetworkEndpoint {
  /** What it is, for messages, e.g. `workload pods (node group general)`. */
  readonly name: string;
  /** Security groups of its network interfaces; empty for an address range outside AWS's control (internet, VPN). */
  readonly securityGroupIds: readonly string[];
  /** Subnets its interfaces are in; empty for an address range. */
  readonly subnetIds: readonly string[];
  /** Its addresses: the CIDRs of its subnets, or the range itself. */
  readonly cidrs: readonly string[];
  /**
   * An address range on the internet: as a sender it reaches only subnets routed to an internet gateway; as a
   * receiver it is reached only from subnets whose default route leads out (a NAT gateway, or an internet gateway for
   * a sender with a public IP).
   */
  readonly internet?: boolean;
  /** Its interfaces have public IPs (only then does a subnet routed to an internet gateway take it out). */
  readonly publicIp?: boolean;
}

/** A flow of TCP traffic to one port. */
export interface NetworkFlow {
  readonly from: NetworkEndpoint;
  readonly to: NetworkEndpoint;
  readonly port: number;
}

/** Why a flow does or does not get through; `blockers` is empty when it does. */
export interface FlowVerdict {
  readonly blockers: readonly string[];
}

interface SecurityGroupRule {
  readonly groupId: string;
  readonly direction: 'ingress' | 'egress';
  /** `-1` (all) or `tcp`. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly peerGroupIds: readonly string[];
}

interface AclRule {
  readonly number: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: string;
  readonly cidr: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** Ports a reply travels to: the Linux ephemeral range every sender here uses. */
const EPHEMERAL_PORTS = { from: 32768, to: 60999 };

/**
 * Security groups, network ACLs and route tables of an environment, evaluated the way the VPC does: a TCP flow gets
 * through when the sender's groups let it out and the receiver's groups let it in (by referenced group or CIDR; groups
 * are stateful), both subnets' network ACLs allow the request and the reply (stateless, first matching rule by number),
 * a flow from the internet lands in a subnet routed to an internet gateway, and a flow to the internet leaves a subnet
 * whose default route is a public NAT gateway (or an internet gateway, for a sender with a public IP).
 *
 * Rules AWS creates outside Terraform are added as AWS creates them: the EKS cluster security group admits all
 * traffic from itself and sends anywhere; a subnet without an ACL association uses the VPC's default ACL (all allowed).
 */
export class NetworkPaths {
  private readonly rules: SecurityGroupRule[] = [];
  private readonly aclBySubnet = new Map<string, AclRule[]>();
  private readonly internetRoutedSubnets = new Set<string>();
  /** Subnets whose default route goes to a NAT gateway that sits in a subnet routed to an internet gateway. */
  private readonly natRoutedSubnets = new Set<string>();
  private readonly subnetCidrs = new Map<string, string>();

  constructor(private readonly model: PlatformModel) {
    for (const subnet of model.resources('aws_subnet')) {
      this.subnetCidrs.set(String(model.attribute(subnet, 'id')), String(subnet.values.cidr_block));
    }
    this.collectSecurityGroupRules();
    this.collectNetworkAcls();
    this.collectInternetRoutes();
    this.collectNatRoutes();
  }

  /** CIDRs of subnets by id (unknown subnets are skipped). */
  cidrsOf(subnetIds: readonly string[]): string[] {
    return subnetIds.map((id) => this.subnetCidrs.get(id)).filter((cidr): cidr is string => cidr !== undefined);
  }

  /** Whether `flow` gets through, and if not, every layer that stops it. */
  check(flow: NetworkFlow): FlowVerdict {
    const { from, to, port } = flow;
    const blockers: string[] = [];
    if (from.securityGroupIds.length > 0 && !this.allowedBySecurityGroups('egress', from.securityGroupIds, to, port)) {
      blockers.push(`no egress rule of ${this.groups(from.securityGroupIds)} allows TCP ${port} to ${to.name} (${this.peerText(to)})`);
    }
    if (to.securityGroupIds.length > 0 && !this.allowedBySecurityGroups('ingress', to.securityGroupIds, from, port)) {
      blockers.push(`no ingress rule of ${this.groups(to.securityGroupIds)} allows TCP ${port} from ${from.name} (${this.peerText(from)})`);
    }
    for (const subnetId of to.subnetIds) {
      for (const cidr of from.cidrs) {
        if (!this.aclAllows(subnetId, false, cidr, port, port)) blockers.push(`the network ACL of ${this.model.describe(subnetId)} denies TCP ${port} in from ${cidr}`);
        if (!this.aclAllows(subnetId, true, cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)) blockers.push(`the network ACL of ${this.model.describe(subnetId)} denies replies out to ${cidr}`);
      }
    }
    for (const subnetId of from.subnetIds) {
      for (const cidr of to.cidrs) {
        if (!this.aclAllows(subnetId, true, cidr, port, port)) blockers.push(`the network ACL of ${this.model.describe(subnetId)} denies TCP ${port} out to ${cidr}`);
        if (!this.aclAllows(subnetId, false, cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)) blockers.push(`the network ACL of ${this.model.describe(subnetId)} denies replies in from ${cidr}`);
      }
    }
    if (from.internet) {
      for (const subnetId of to.subnetIds.filter((id) => !this.internetRoutedSubnets.has(id))) {
        blockers.push(`${this.model.describe(subnetId)} has no route to an internet gateway`);
      }
    }
    if (to.internet) {
      for (const subnetId of from.subnetIds) {
        if (this.natRoutedSubnets.has(subnetId) || (from.publicIp === true && this.internetRoutedSubnets.has(subnetId))) continue;
        blockers.push(`${this.model.describe(subnetId)} has no default route to a NAT gateway${from.publicIp === true ? ' or an internet gateway' : ''}`);
      }
    }
    return { blockers: [...new Set(blockers)] };
  }

  /**
   * Whether the receiver's security groups alone admit the flow, whatever the subnets and routes say: for a receiver
   * kept off the internet by its subnet, the groups are what remains if it is ever moved or given a public IP.
   */
  admittedBySecurityGroups(flow: NetworkFlow): boolean {
    return flow.to.securityGroupIds.length > 0 && this.allowedBySecurityGroups('ingress', flow.to.securityGroupIds, flow.from, flow.port);
  }

  private allowedBySecurityGroups(direction: 'ingress' | 'egress', groupIds: readonly string[], peer: NetworkEndpoint, port: number): boolean {
    return this.rules.some(
      (rule) =>
        rule.direction === direction &&
        groupIds.includes(rule.groupId) &&
        (rule.protocol === '-1' || (rule.protocol === 'tcp' && rule.fromPort <= port && port <= rule.toPort)) &&
        (rule.peerGroupIds.some((id) => peer.securityGroupIds.includes(id)) ||
          (peer.cidrs.length > 0 && rule.cidrs.some((cidr) => peer.cidrs.every((address) => cidrContains(cidr, address))))),
    );
  }

  private aclAllows(subnetId: string, egress: boolean, cidr: string, fromPort: number, toPort: number): boolean {
    const rules = this.aclBySubnet.get(subnetId);
    if (rules === undefined) return true;
    // First rule by number that covers the whole range and address decides; the implicit last rule denies.
    const decisive = rules
      .filter((rule) => rule.egress === egress && cidrContains(rule.cidr, cidr) && (rule.protocol === '-1' || (rule.protocol === 'tcp' && rule.fromPort <= fromPort && toPort <= rule.toPort)))
      .sort((left, right) => left.number - right.number)[0];
    return decisive?.allow ?? false;
  }

  private groups(ids: readonly string[]): string {
    return ids.map((id) => this.model.describe(id)).join(', ');
  }

  private peerText(endpoint: NetworkEndpoint): string {
    return endpoint.securityGroupIds.length > 0 ? `groups ${endpoint.securityGroupIds.join(', ')}` : endpoint.cidrs.join(', ');
  }

  private collectSecurityGroupRules(): void {
    const model = this.model;
    const add = (rule: Omit<SecurityGroupRule, 'protocol'> & { protocol: unknown }) =>
      this.rules.push({ ...rule, protocol: normalizeProtocol(rule.protocol) });
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of model.resources(`aws_vpc_security_group_${direction}_rule`)) {
        const { values } = rule;
        add({
          groupId: String(values.security_group_id),
          direction,
          protocol: values.ip_protocol,
          fromPort: numberOf(values.from_port) ?? 0,
          toPort: numberOf(values.to_port) ?? 65535,
          cidrs: stringsOf(values.cidr_ipv4),
          peerGroupIds: stringsOf(values.referenced_security_group_id),
        });
      }
    }
    for (const rule of model.resources('aws_security_group_rule')) {
      const { values } = rule;
      const groupId = String(values.security_group_id);
      add({
        groupId,
        direction: values.type === 'egress' ? 'egress' : 'ingress',
        protocol: values.protocol,
        fromPort: numberOf(values.from_port) ?? 0,
        toPort: numberOf(values.to_port) ?? 65535,
        cidrs: stringsOf(values.cidr_blocks),
        peerGroupIds: [...stringsOf(values.source_security_group_id), ...(values.self === true || values.self === 'true' ? [groupId] : [])],
      });
    }
    for (const group of [...model.resources('aws_security_group'), ...model.resources('aws_default_security_group')]) {
      const groupId = String(model.attribute(group, 'id'));
      for (const direction of ['ingress', 'egress'] as const) {
        for (const block of blocksOf(group.values[direction])) {
          add({
            groupId,
            direction,
            protocol: block.protocol,
            fromPort: numberOf(block.from_port) ?? 0,
            toPort: numberOf(block.to_port) ?? 65535,
            cidrs: stringsOf(block.cidr_blocks),
            peerGroupIds: [...stringsOf(block.security_groups), ...(block.self === true ? [groupId] : [])],
          });
        }
      }
    }
    for (const cluster of model.resources('aws_eks_cluster')) {
      const groupId = model.clusterSecurityGroupId(cluster);
      add({ groupId, direction: 'ingress', protocol: '-1', fromPort: 0, toPort: 65535, cidrs: [], peerGroupIds: [groupId] });
      add({ groupId, direction: 'egress', protocol: '-1', fromPort: 0, toPort: 65535, cidrs: ['0.0.0.0/0'], peerGroupIds: [] });
    }
  }

  private collectNetworkAcls(): void {
    const model = this.model;
    const rulesByAcl = new Map<string, AclRule[]>();
    const addRule = (aclId: string, rule: AclRule) => rulesByAcl.set(aclId, [...(rulesByAcl.get(aclId) ?? []), rule]);
    const aclRule = (values: Readonly<Record<string, unknown>>, egress: boolean): AclRule => ({
      number: numberOf(values.rule_number ?? values.rule_no) ?? 32766,
      egress,
      allow: (values.rule_action ?? values.action) === 'allow',
      protocol: normalizeProtocol(values.protocol),
      cidr: String(values.cidr_block),
      fromPort: numberOf(values.from_port) ?? 0,
      toPort: numberOf(values.to_port) ?? 65535,
    });
    for (const rule of model.resources('aws_network_acl_rule')) {
      addRule(String(rule.values.network_acl_id), aclRule(rule.values, rule.values.egress === true || rule.values.egress === 'true'));
    }
    const subnetsOf = (acl: ModelResource) => stringsOf(acl.values.subnet_ids);
    for (const acl of model.resources('aws_network_acl')) {
      const aclId = String(model.attribute(acl, 'id'));
      for (const block of blocksOf(acl.values.ingress)) addRule(aclId, aclRule(block, false));
      for (const block of blocksOf(acl.values.egress)) addRule(aclId, aclRule(block, true));
      for (const subnetId of subnetsOf(acl)) this.aclBySubnet.set(subnetId, rulesByAcl.get(aclId) ?? []);
    }
    for (const association of model.resources('aws_network_acl_association')) {
      this.aclBySubnet.set(String(association.values.subnet_id), rulesByAcl.get(String(association.values.network_acl_id)) ?? []);
    }
  }

  private collectInternetRoutes(): void {
    const model = this.model;
    const gateways = new Set(model.resources('aws_internet_gateway').map((gateway) => String(model.attribute(gateway, 'id'))));
    const internetTables = new Set<string>();
    const isInternetRoute = (route: Readonly<Record<string, unknown>>) =>
      route.destination_cidr_block === '0.0.0.0/0' && gateways.has(String(route.gateway_id));
    for (const route of model.resources('aws_route')) {
      if (isInternetRoute(route.values)) internetTables.add(String(route.values.route_table_id));
    }
    for (const table of model.resources('aws_route_table')) {
      if (blocksOf(table.values.route).some((route) => route.cidr_block === '0.0.0.0/0' && gateways.has(String(route.gateway_id)))) {
        internetTables.add(String(model.attribute(table, 'id')));
      }
    }
    for (const association of model.resources('aws_route_table_association')) {
      if (internetTables.has(String(association.values.route_table_id))) this.internetRoutedSubnets.add(String(association.values.subnet_id));
    }
  }

  private collectNatRoutes(): void {
    const model = this.model;
    // A NAT gateway takes traffic out only from a subnet routed to an internet gateway (a public NAT gateway).
    const gateways = new Set(
      model
        .resources('aws_nat_gateway')
        .filter((gateway) => (gateway.values.connectivity_type ?? 'public') === 'public' && this.internetRoutedSubnets.has(String(gateway.values.subnet_id)))
        .map((gateway) => String(model.attribute(gateway, 'id'))),
    );
    const natTables = new Set<string>();
    for (const route of model.resources('aws_route')) {
      if (route.values.destination_cidr_block === '0.0.0.0/0' && gateways.has(String(route.values.nat_gateway_id))) natTables.add(String(route.values.route_table_id));
    }
    for (const table of model.resources('aws_route_table')) {
      if (blocksOf(table.values.route).some((route) => route.cidr_block === '0.0.0.0/0' && gateways.has(String(route.nat_gateway_id)))) natTables.add(String(model.attribute(table, 'id')));
    }
    for (const association of model.resources('aws_route_table_association')) {
      if (natTables.has(String(association.values.route_table_id))) this.natRoutedSubnets.add(String(association.values.subnet_id));
    }
  }
}

function normalizeProtocol(protocol: unknown): string {
  const text = String(protocol ?? '-1').toLowerCase();
  if (text === '6') return 'tcp';
  if (text === 'all') return '-1';
  return text;
}
