import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { isInternetWide } from '../private/internet-cidrs';
import { blocksOf, isNonEmptyString, numberOf, stringsOf } from '../terraform-values';

/** Ports the internet may reach, on the load balancer group only. */
const PUBLIC_WEB_PORTS = [80, 443];
/**
 * How a group's name marks it as the load balancer group (BaselineSecurityGroups: `<prefix>-load-balancer`).
 * Descriptions do not count: the application group's says it sits "behind the load balancer".
 */
const LOAD_BALANCER_GROUP_NAME = /(^|[-_])(load-?balancers?|[aen]lb)([-_]|$)/i;
/** The description the AWS provider gives a security group when none is set. */
const AWS_DEFAULT_GROUP_DESCRIPTION = 'Managed by Terraform';

/** One ingress permission, whichever of the three Terraform forms declared it. */
interface Ingress {
  readonly cidrs: readonly string[];
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** The group the permission belongs to, when it is a resource of this stack. */
  readonly group?: StackResource;
}

function ingressOf(resource: StackResource, stack: StackIndex): Ingress[] {
  const { type, config } = resource;
  const ports = (block: Readonly<Record<string, unknown>>) => ({ fromPort: numberOf(block.from_port), toPort: numberOf(block.to_port) });
  switch (type) {
    case 'aws_vpc_security_group_ingress_rule':
      return [
        {
          cidrs: [...stringsOf(config.cidr_ipv4), ...stringsOf(config.cidr_ipv6)],
          protocol: String(config.ip_protocol),
          ...ports(config),
          group: stack.resolve(config.security_group_id),
        },
      ];
    case 'aws_security_group_rule':
      if (config.type !== 'ingress') return [];
      return [
        {
          cidrs: [...stringsOf(config.cidr_blocks), ...stringsOf(config.ipv6_cidr_blocks)],
          protocol: String(config.protocol),
          ...ports(config),
          group: stack.resolve(config.security_group_id),
        },
      ];
    default:
      return blocksOf(config.ingress).map((block) => ({
        cidrs: [...stringsOf(block.cidr_blocks), ...stringsOf(block.ipv6_cidr_blocks)],
        protocol: String(block.protocol),
        ...ports(block),
        group: resource,
      }));
  }
}

const isTcp = (protocol: string) => protocol === 'tcp' || protocol === '6';
const isAllTraffic = (protocol: string) => protocol === '-1' || protocol === 'all';

function describePorts({ protocol, fromPort, toPort }: Ingress): string {
  if (isAllTraffic(protocol)) return 'all traffic';
  return fromPort === toPort ? `${protocol} ${fromPort}` : `${protocol} ${fromPort}-${toPort}`;
}

function isLoadBalancerGroup(group: StackResource | undefined): boolean {
  const tags = group?.config.tags as Readonly<Record<string, unknown>> | undefined;
  const name = group?.config.name ?? group?.config.name_prefix ?? tags?.Name;
  return typeof name === 'string' && LOAD_BALANCER_GROUP_NAME.test(name);
}

/** Descriptions a security group and its rules lack, as `<what> has no description` problems. */
function missingDescriptions({ type, config }: StackResource): string[] {
  if (type !== 'aws_security_group') return isNonEmptyString(config.description) ? [] : ['the rule has no description'];
  const problems: string[] = [];
  if (!isNonEmptyString(config.description) || config.description === AWS_DEFAULT_GROUP_DESCRIPTION) problems.push('the group has no description');
  for (const direction of ['ingress', 'egress']) {
    const undescribed = blocksOf(config[direction]).filter((block) => !isNonEmptyString(block.description)).length;
    if (undescribed > 0) problems.push(`${undescribed} inline ${direction} rule${undescribed === 1 ? ' has' : 's have'} no description`);
  }
  return problems;
}

/** Remote administration ports CIS 5.1 keeps closed to the internet at the subnet boundary. */
const ADMIN_PORTS = [22, 3389];

/** Allowing ingress entries of a network ACL (`aws_network_acl_rule`, or inline `ingress` blocks) open to the internet on an admin port. */
function openAdminEntries({ type, config }: StackResource): string[] {
  const entries =
    type === 'aws_network_acl_rule'
      ? config.egress === true || config.egress === 'true'
        ? []
        : [{ action: config.rule_action, cidrs: [...stringsOf(config.cidr_block), ...stringsOf(config.ipv6_cidr_block)], protocol: String(config.protocol), from: config.from_port, to: config.to_port }]
      : blocksOf(config.ingress).map((block) => ({ action: block.action, cidrs: [...stringsOf(block.cidr_block), ...stringsOf(block.ipv6_cidr_block)], protocol: String(block.protocol), from: block.from_port, to: block.to_port }));
  return entries
    .filter(({ action, cidrs }) => action === 'allow' && cidrs.some(isInternetWide))
    .flatMap(({ protocol, from, to }) => {
      const all = isAllTraffic(protocol);
      if (!all && !isTcp(protocol)) return [];
      const [low, high] = [numberOf(from) ?? 0, numberOf(to) ?? 65535];
      return ADMIN_PORTS.filter((port) => all || (low <= port && port <= high)).map((port) => `allows ${all ? 'all traffic' : `tcp ${low}-${high}`} from the internet, port ${port} included`);
    });
}

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'PLAT-SG-001',
    checkovIds: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
    complianceIds: ['CIS-3.0-5.2', 'CIS-3.0-5.3', 'FSBP-EC2.18'],
    severity: 'error',
    resourceTypes: ['aws_vpc_security_group_ingress_rule', 'aws_security_group_rule', 'aws_security_group'],
    description: `Nothing accepts traffic from the internet (0.0.0.0/0, ::/0, or any IPv4 range of /8 or wider or IPv6 range of /32 or wider that is not wholly private, such as 0.0.0.0/1) except TCP ${PUBLIC_WEB_PORTS.join('/')} on the load balancer group (a group of this stack named like \`<prefix>-load-balancer\`).`,
    fix: 'allow the source security group or the VPC/office CIDR instead of the whole internet; only the load balancer group takes TCP 80/443 from anywhere',
    check(resource, stack) {
      const open = ingressOf(resource, stack).filter((ingress) => ingress.cidrs.some(isInternetWide));
      const forbidden = open.filter(
        (ingress) =>
          !(isTcp(ingress.protocol) && ingress.fromPort === ingress.toPort && PUBLIC_WEB_PORTS.includes(ingress.fromPort ?? -1) && isLoadBalancerGroup(ingress.group)),
      );
      if (forbidden.length === 0) return undefined;
      return forbidden
        .map((ingress) => `allows ${ingress.cidrs.filter(isInternetWide).join(' and ')} on ${describePorts(ingress)}`)
        .join('; ');
    },
  },
  {
    id: 'PLAT-SG-002',
    checkovIds: ['CKV_AWS_23'],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule'],
    description: 'Every security group and rule says what it is for.',
    fix: 'set description on the group and on each rule (why the traffic is allowed)',
    check: (resource) => missingDescriptions(resource).join('; ') || undefined,
  },
  {
    id: 'PLAT-VPC-001',
    checkovIds: ['CKV2_AWS_11'],
    complianceIds: ['CIS-3.0-3.7', 'FSBP-EC2.6'],
    severity: 'error',
    resourceTypes: ['aws_vpc'],
    description: 'Every VPC records its traffic in flow logs.',
    fix: 'add an aws_flow_log with vpc_id of this VPC (Network from @platform/network does, through VpcFlowLogs)',
    check: (vpc, stack) => (stack.referencing('aws_flow_log', vpc, 'vpc_id').length > 0 ? undefined : 'has no aws_flow_log'),
  },
  {
    id: 'PLAT-VPC-002',
    checkovIds: ['CKV2_AWS_12'],
    complianceIds: ['CIS-3.0-5.4', 'FSBP-EC2.2'],
    severity: 'error',
    resourceTypes: ['aws_vpc'],
    description: "The VPC's default security group allows nothing, so resources launched without a group are isolated.",
    fix: 'add an aws_default_security_group for the VPC with no ingress and no egress blocks',
    check(vpc, stack) {
      const defaults = stack.referencing('aws_default_security_group', vpc, 'vpc_id');
      if (defaults.length === 0) return 'its default security group is not managed, so it keeps the AWS rules (all traffic within the group, all egress)';
      const permissive = defaults.some(({ config }) => blocksOf(config.ingress).length > 0 || blocksOf(config.egress).length > 0);
      return permissive ? 'its aws_default_security_group has ingress or egress rules' : undefined;
    },
  },
  {
    id: 'PLAT-NACL-001',
    checkovIds: ['CKV_AWS_232', 'CKV_AWS_231'],
    complianceIds: ['CIS-3.0-5.1', 'FSBP-EC2.21'],
    severity: 'error',
    resourceTypes: ['aws_network_acl_rule', 'aws_network_acl'],
    description: 'No network ACL allows ingress from the internet (0.0.0.0/0, ::/0, or any IPv4 range of /8 or wider or IPv6 range of /32 or wider that is not wholly private) to the remote administration ports 22 (SSH) and 3389 (RDP).',
    fix: 'allow administration ports from the VPC or a named range only; operators reach nodes through SSM Session Manager',
    check: (resource) => [...new Set(openAdminEntries(resource))].join('; ') || undefined,
  },
];
