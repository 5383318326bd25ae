import { DiagramCluster, DiagramNode } from '../graph';
import { block, literal, referencedResource, ResourceBlock } from './stack-json';

/** The resource types the network tiers draw (the stack's other boxes leave them out). */
export const NETWORK_TIER_TYPES: readonly string[] = ['aws_vpc', 'aws_subnet', 'aws_nat_gateway'];

/** Tiers in drawing order: where traffic enters first. */
const TIER_ORDER = ['public', 'private', 'database', 'data'];

/** A subnet's tier: its `Tier` tag, else the tier word in its name, else `subnet`. */
function tierOf(subnet: ResourceBlock): string {
  let tier = tiers.get(subnet);
  if (tier === undefined) tiers.set(subnet, (tier = findTier(subnet)));
  return tier;
}

/** {@link tierOf}, asked several times per subnet while a zone is drawn. */
const tiers = new WeakMap<ResourceBlock, string>();

function findTier(subnet: ResourceBlock): string {
  const tags = block(subnet.values, 'tags');
  const tagged = literal(tags, 'Tier');
  if (tagged) return tagged.toLowerCase();
  const name = `${literal(tags, 'Name') ?? ''} ${subnet.name}`.toLowerCase();
  return TIER_ORDER.find((tier) => name.includes(tier)) ?? 'subnet';
}

const tierRank = (tier: string) => (TIER_ORDER.includes(tier) ? TIER_ORDER.indexOf(tier) : TIER_ORDER.length);

/**
 * The VPCs of a stack, each a cluster of its Availability Zones, each a cluster of one box per subnet tier (its CIDR
 * blocks, and the NAT gateway placed in it). Subnets of a VPC the stack does not declare are drawn in a VPC cluster
 * of their own.
 */
export function networkTiers(idPrefix: string, resources: readonly ResourceBlock[]): DiagramCluster[] {
  const vpcs = resources.filter(({ type }) => type === 'aws_vpc');
  const subnets = resources.filter(({ type }) => type === 'aws_subnet');
  const natSubnets = new Map<string, number>();
  for (const nat of resources.filter(({ type }) => type === 'aws_nat_gateway')) {
    const subnet = referencedResource(nat.values.subnet_id);
    if (subnet) natSubnets.set(subnet, (natSubnets.get(subnet) ?? 0) + 1);
  }
  const byVpc = new Map<string, ResourceBlock[]>(vpcs.map((vpc) => [`aws_vpc.${vpc.name}`, []]));
  for (const subnet of subnets) {
    const vpc = referencedResource(subnet.values.vpc_id) ?? 'external';
    byVpc.set(vpc, [...(byVpc.get(vpc) ?? []), subnet]);
  }
  return [...byVpc.entries()].map(([vpcAddress, members]) => {
    const vpc = vpcs.find((candidate) => `aws_vpc.${candidate.name}` === vpcAddress);
    const vpcId = `${idPrefix}/${vpcAddress}`;
    const label = vpc ? ['VPC', literal(block(vpc.values, 'tags'), 'Name'), literal(vpc.values, 'cidr_block')].filter(Boolean).join(' ') : 'VPC of another stack';
    const zones = [...new Set(members.map((subnet) => literal(subnet.values, 'availability_zone') ?? 'zone unknown'))].sort();
    return {
      id: vpcId,
      label,
      kind: 'vpc' as const,
      nodes: [],
      clusters: zones.map((zone) => {
        const inZone = members.filter((subnet) => (literal(subnet.values, 'availability_zone') ?? 'zone unknown') === zone);
        const tiers = [...new Set(inZone.map(tierOf))].sort((a, b) => tierRank(a) - tierRank(b) || a.localeCompare(b));
        const nodes: DiagramNode[] = tiers.map((tier) => {
          const ofTier = inZone.filter((subnet) => tierOf(subnet) === tier);
          const nats = ofTier.reduce((total, subnet) => total + (natSubnets.get(`aws_subnet.${subnet.name}`) ?? 0), 0);
          return {
            id: `${vpcId}/${zone}/${tier}`,
            kind: 'network',
            lines: [
              ofTier.length === 1 ? `${tier} subnet` : `${ofTier.length} ${tier} subnets`,
              ...ofTier.map((subnet) => literal(subnet.values, 'cidr_block') ?? '?'),
              ...(nats > 0 ? [nats === 1 ? 'NAT gateway' : `${nats} NAT gateways`] : []),
            ],
          };
        });
        return { id: `${vpcId}/${zone}`, label: zone, kind: 'zone' as const, nodes, clusters: [] };
      }),
    };
  });
}
