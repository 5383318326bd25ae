import { isInternetWide } from './internet-cidrs';

describe('isInternetWide (a CIDR of /8 or wider for IPv4, /32 or wider for IPv6, not wholly private or reserved)', () => {
  it.each([
    ['the whole IPv4 internet', '0.0.0.0/0'],
    ['the whole IPv6 internet', '::/0'],
    ['the lower half of the internet', '0.0.0.0/1'],
    ['the upper half of the internet', '128.0.0.0/1'],
    ['a quarter of the internet', '0.0.0.0/2'],
    ['a public /8 (the threshold itself)', '11.0.0.0/8'],
    ['a /8 that is partly private (100.64.0.0/10 is inside, the rest is public)', '100.0.0.0/8'],
    ['a /7 around 10.0.0.0/8 (11.0.0.0/8 is public)', '10.0.0.0/7'],
    ['a /8 written with host bits', '11.1.2.3/8'],
    ['the IPv6 global unicast space', '2000::/3'],
    ['a public IPv6 /32 (the threshold itself)', '2001:db8::/32'],
    ['an IPv6 /6 around fc00::/7', 'fc00::/6'],
    ['a /2 around multicast and reserved (192.0.0.0/3 is public)', '192.0.0.0/2'],
  ])('flags %s (%s)', (_, cidr) => {
    expect(isInternetWide(cidr)).toBe(true);
  });

  it.each([
    ['RFC 1918 10/8', '10.0.0.0/8'],
    ['loopback', '127.0.0.0/8'],
    ['"this network"', '0.0.0.0/8'],
    ['multicast', '224.0.0.0/4'],
    ['reserved 240/4', '240.0.0.0/4'],
    ['multicast and reserved together', '224.0.0.0/3'],
    ['a public /9, one bit narrower than the threshold', '11.0.0.0/9'],
    ['a public /24', '203.0.113.0/24'],
    ['an IPv4 address without a prefix', '8.8.8.8'],
    ['IPv6 unique local space', 'fc00::/7'],
    ['IPv6 link-local space', 'fe80::/10'],
    ['IPv6 multicast', 'ff00::/8'],
    ['a public IPv6 /33, one bit narrower than the threshold', '2001:db8::/33'],
    ['an IPv4-mapped IPv6 range of the whole IPv4 internet (a /96)', '::ffff:0.0.0.0/96'],
    ['a Terraform reference', '${aws_vpc.main.cidr_block}'],
    ['an empty string', ''],
  ])('does not flag %s (%s)', (_, cidr) => {
    expect(isInternetWide(cidr)).toBe(false);
  });
});
