import * as ipaddr from 'ipaddr.js';

/** An IPv4 network in CIDR notation, parsed. */
export interface Ipv4Network {
  readonly cidr: string;
  /** First address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly last: number;
  readonly prefixLength: number;
}

function toInt(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((value, byte) => value * 256 + byte, 0);
}

function fromInt(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parses an IPv4 CIDR, or returns an explanation of why it is not one. The address must be the network
 * address (10.0.0.0/16, not 10.0.1.0/16): Terraform and AWS reject host bits.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Network | { readonly error: string } {
  const [address = ''] = cidr.split('/');
  // isValidFourPartDecimal rejects octal/hex spellings such as 010.0.0.0 that AWS would read differently.
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) || !ipaddr.IPv4.isValidCIDR(cidr)) {
    return { error: `'${cidr}' is not an IPv4 CIDR such as 10.0.0.0/16` };
  }
  const [, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  if (network.toString() !== address) {
    return { error: `'${cidr}' has host bits set; its network address is ${network.toString()}/${prefixLength}` };
  }
  const first = toInt(network);
  return { cidr, first, last: first + 2 ** (32 - prefixLength) - 1, prefixLength };
}

/** Parses a CIDR the caller has already validated; throws on bad input. */
export function ipv4Network(cidr: string): Ipv4Network {
  const parsed = parseIpv4Cidr(cidr);
  if ('error' in parsed) {
    throw new Error(parsed.error);
  }
  return parsed;
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`, computed at synth time so layouts can be validated. */
export function cidrSubnet(cidr: string, newbits: number, netnum: number): string {
  const parent = ipv4Network(cidr);
  const prefixLength = parent.prefixLength + newbits;
  if (prefixLength > 32 || netnum < 0 || netnum >= 2 ** newbits) {
    throw new Error(`cidrSubnet(${cidr}, ${newbits}, ${netnum}) is outside the network`);
  }
  return `${fromInt(parent.first + netnum * 2 ** (32 - prefixLength))}/${prefixLength}`;
}

/** True when every address of `inner` is inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = ipv4Network(outer);
  const b = ipv4Network(inner);
  return b.first >= a.first && b.last <= a.last;
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(left: string, right: string): boolean {
  const a = ipv4Network(left);
  const b = ipv4Network(right);
  return a.first <= b.last && b.first <= a.last;
}
