import * as ipaddr from 'ipaddr.js';

/**
 * The widest IPv4 prefix length still read as a named range. /8 is the unit in which IANA hands IPv4 space to the
 * regional registries: a range that wide is a region's worth of networks, not a party anyone can vouch for. Below
 * the line, covering the internet takes 512 ranges (/9s), far beyond the 60 inbound rules of a security group and
 * the 20 entries of a network ACL; the platform's own ranges are /16 to /32.
 */
export const INTERNET_WIDE_IPV4_PREFIX = 8;
/** The widest IPv6 prefix length still read as a named range: /32 is a registry's standard allocation to one ISP, i.e. its whole customer base. */
export const INTERNET_WIDE_IPV6_PREFIX = 32;

/**
 * Address space nobody on the internet sends from: a range wholly inside one of these is not open to the internet.
 * Only blocks at least as wide as the thresholds can hold such a range, so the narrower private ones (172.16.0.0/12,
 * 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16, ::1) need no entry: a /8 around them reaches public addresses.
 */
const NON_PUBLIC_RANGES = [
  // IPv4: "this network", RFC 1918's 10/8, loopback, multicast (224/4) and reserved (240/4) together.
  '0.0.0.0/8',
  '10.0.0.0/8',
  '127.0.0.0/8',
  '224.0.0.0/3',
  // IPv6: unique local, link-local, multicast.
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map((cidr) => ipaddr.parseCIDR(cidr));

/**
 * Whether a CIDR opens to the internet: it is at least as wide as /8 (IPv4) or /32 (IPv6) and not wholly inside
 * private or reserved space. So 0.0.0.0/0, ::/0 and the internet split in pieces (0.0.0.0/1, 128.0.0.0/1,
 * 0.0.0.0/2) are; 10.0.0.0/8 and a public /9 are not. Anything that is not a CIDR (a Terraform reference, a
 * prefix list) is not: what it stands for is unknown at synth time.
 */
export function isInternetWide(cidr: string): boolean {
  if (!ipaddr.isValidCIDR(cidr)) return false;
  const [address, prefixLength] = ipaddr.parseCIDR(cidr);
  const widest = address.kind() === 'ipv4' ? INTERNET_WIDE_IPV4_PREFIX : INTERNET_WIDE_IPV6_PREFIX;
  if (prefixLength > widest) return false;
  return !NON_PUBLIC_RANGES.some(([range, bits]) => range.kind() === address.kind() && prefixLength >= bits && address.match(range, bits));
}
