import { cidrContains, cidrsOverlap, cidrSubnet, parseIpv4Cidr } from '@platform/core';

/** The three subnet tiers of the network, one subnet of each per Availability Zone. */
export const SUBNET_TIERS = ['public', 'private', 'database'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Subnet CIDRs per tier, keyed by Availability Zone name. */
export type SubnetLayout = Record<SubnetTier, Record<string, string>>;

/** Explicit subnet CIDRs for some tiers; tiers left out use the computed layout. */
export type SubnetCidrOverrides = Partial<Record<SubnetTier, Readonly<Record<string, string>>>>;

/** One thing wrong with a requested layout: the field, what is wrong, and how to fix it. */
export interface LayoutProblem {
  /** Dotted path relative to the network settings, e.g. `subnetCidrs.private.eu-central-1a`. */
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

export interface SubnetLayoutRequest {
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  /** @default - every tier computed from the VPC CIDR */
  readonly overrides?: SubnetCidrOverrides;
}

/**
 * Computed layout: each tier gets a fixed block of the VPC, and each AZ a fixed slot in that block chosen by its
 * letter (a = 0 … h = 7), never by its position in the list. Adding or reordering AZs therefore never moves an
 * existing subnet (the replace-everything pain of list-indexed layouts). For a /16:
 * private /20s in 10.x.0.0–10.x.127.255 (4,091 addresses each, room for EKS pod IPs),
 * public /23s from 10.x.128.0, database /24s from 10.x.144.0; 10.x.152.0 upwards stays free.
 */
const COMPUTED_TIERS: Record<SubnetTier, { readonly newbits: number; readonly firstNetnum: number }> = {
  private: { newbits: 4, firstNetnum: 0 },
  public: { newbits: 7, firstNetnum: 64 },
  database: { newbits: 8, firstNetnum: 144 },
};
const MAX_AZ_SLOTS = 8;
/** The computed database /24 of a /16 becomes a /28 (AWS's smallest subnet) for a /20. */
const SMALLEST_COMPUTED_VPC_PREFIX = 20;
const SMALLEST_SUBNET_PREFIX = 28;

function azSlot(availabilityZone: string): number | undefined {
  const letter = /^[a-z]{2}(?:-gov)?-[a-z]+-\d([a-z])$/.exec(availabilityZone)?.[1];
  if (letter === undefined) return undefined;
  const slot = letter.charCodeAt(0) - 'a'.charCodeAt(0);
  return slot < MAX_AZ_SLOTS ? slot : undefined;
}

/**
 * Resolves the subnet CIDR of every tier and AZ and checks the result: every CIDR valid, inside the VPC, no two
 * overlapping, every AZ covered. Returns all problems at once so a user fixes a config in one round.
 */
export function planSubnetLayout(request: SubnetLayoutRequest): { layout: SubnetLayout; problems: LayoutProblem[] } {
  const { vpcCidr, availabilityZones, overrides = {} } = request;
  const layout: SubnetLayout = { public: {}, private: {}, database: {} };
  const problems: LayoutProblem[] = [];
  const vpc = parseIpv4Cidr(vpcCidr);
  if ('error' in vpc) {
    problems.push({ field: 'vpcCidr', problem: vpc.error, fix: 'use a private range such as 10.20.0.0/16' });
    return { layout, problems };
  }

  for (const tier of SUBNET_TIERS) {
    const explicit = overrides[tier];
    if (explicit) {
      for (const az of Object.keys(explicit).filter((name) => !availabilityZones.includes(name))) {
        problems.push({
          field: `subnetCidrs.${tier}.${az}`,
          problem: `'${az}' is not one of the availability zones (${availabilityZones.join(', ')})`,
          fix: `remove it or add '${az}' to availabilityZones`,
        });
      }
    }
    for (const az of availabilityZones) {
      const field = `subnetCidrs.${tier}.${az}`;
      if (explicit) {
        const cidr = explicit[az];
        if (cidr === undefined) {
          problems.push({ field, problem: `no CIDR given for ${az}`, fix: `give a CIDR for every availability zone, or drop subnetCidrs.${tier} to use the computed layout` });
          continue;
        }
        const subnet = parseIpv4Cidr(cidr);
        if ('error' in subnet) {
          problems.push({ field, problem: subnet.error, fix: `use a network address inside ${vpcCidr}, e.g. ${cidrSubnet(vpcCidr, Math.min(8, SMALLEST_SUBNET_PREFIX - vpc.prefixLength), 0)}` });
        } else if (subnet.prefixLength > SMALLEST_SUBNET_PREFIX) {
          problems.push({ field, problem: `${cidr} is smaller than /${SMALLEST_SUBNET_PREFIX}, the smallest subnet AWS allows`, fix: 'use a prefix of /28 or shorter' });
        } else if (!cidrContains(vpcCidr, cidr)) {
          problems.push({ field, problem: `${cidr} does not fit in the VPC ${vpcCidr}`, fix: `choose a CIDR inside ${vpcCidr}, or widen vpcCidr` });
        } else {
          layout[tier][az] = cidr;
        }
        continue;
      }
      const slot = azSlot(az);
      if (vpc.prefixLength > SMALLEST_COMPUTED_VPC_PREFIX) {
        problems.push({ field, problem: `the VPC ${vpcCidr} is too small for the computed layout (needs /16 to /${SMALLEST_COMPUTED_VPC_PREFIX})`, fix: `widen vpcCidr or set subnetCidrs.${tier} explicitly` });
      } else if (slot === undefined) {
        problems.push({ field, problem: `'${az}' is not a zone letter a–h, so it has no computed slot`, fix: `set subnetCidrs.${tier} explicitly for this zone` });
      } else {
        const { newbits, firstNetnum } = COMPUTED_TIERS[tier];
        layout[tier][az] = cidrSubnet(vpcCidr, newbits, firstNetnum + slot);
      }
    }
  }

  const assigned = SUBNET_TIERS.flatMap((tier) => Object.entries(layout[tier]).map(([az, cidr]) => ({ field: `subnetCidrs.${tier}.${az}`, cidr })));
  assigned.forEach((subnet, index) => {
    for (const other of assigned.slice(index + 1)) {
      if (cidrsOverlap(subnet.cidr, other.cidr)) {
        problems.push({ field: other.field, problem: `${other.cidr} overlaps ${subnet.field} (${subnet.cidr})`, fix: 'give each subnet its own, non-overlapping range' });
      }
    }
  });
  return { layout, problems };
}
