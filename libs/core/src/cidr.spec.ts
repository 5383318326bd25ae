import { cidrContains, cidrSubnet, cidrsOverlap, parseIpv4Cidr } from './cidr';

describe('parseIpv4Cidr', () => {
  it('parses a network into its first and last address', () => {
    expect(parseIpv4Cidr('10.0.0.0/16')).toEqual({ cidr: '10.0.0.0/16', first: 0x0a000000, last: 0x0a00ffff, prefixLength: 16 });
  });

  it.each([
    ['10.0.0.0/33', /not an IPv4 CIDR/],
    ['10.0.0/16', /not an IPv4 CIDR/],
    ['010.0.0.0/16', /not an IPv4 CIDR/],
    ['256.0.0.0/16', /not an IPv4 CIDR/],
    ['10.0.1.0/16', /host bits set; its network address is 10.0.0.0\/16/],
  ])('rejects %s with a reason', (cidr, reason) => {
    expect(parseIpv4Cidr(cidr)).toEqual({ error: expect.stringMatching(reason) });
  });
});

describe('cidrSubnet', () => {
  it('matches Terraform cidrsubnet()', () => {
    expect(cidrSubnet('10.0.0.0/16', 4, 0)).toBe('10.0.0.0/20');
    expect(cidrSubnet('10.0.0.0/16', 4, 2)).toBe('10.0.32.0/20');
    expect(cidrSubnet('10.0.0.0/16', 7, 64)).toBe('10.0.128.0/23');
    expect(cidrSubnet('172.16.0.0/12', 8, 255)).toBe('172.31.240.0/20');
  });

  it('refuses a network number outside the parent', () => {
    expect(() => cidrSubnet('10.0.0.0/16', 2, 4)).toThrow(/outside the network/);
    expect(() => cidrSubnet('10.0.0.0/30', 3, 0)).toThrow(/outside the network/);
  });
});

describe('cidrContains and cidrsOverlap', () => {
  it('tells containment and overlap apart', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/24', '10.0.0.128/25')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
  });
});
