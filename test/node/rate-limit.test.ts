import { describe, expect, it } from 'vitest';
import { addressKey } from '../../src/modules/auth/rate-limit.ts';

describe('the address a sign-in attempt counts under', () => {
  it('keys IPv4 by the whole address', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('keys IPv6 by its /64, however the address is written', () => {
    const key = 'ip6:2001:db8:85a3:8d3::/64';
    expect(addressKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe(key);
    expect(addressKey('2001:0db8:85a3:08d3::1')).toBe(key);
    expect(addressKey('2001:DB8:85A3:8D3:ffff::')).toBe(key);
  });

  it('expands a :: inside the prefix', () => {
    expect(addressKey('2001:db8::1')).toBe('ip6:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('ip6:0:0:0:0::/64');
  });

  it('counts a trailing dotted IPv4 part as two groups and ignores a zone id', () => {
    expect(addressKey('1:2::3:4:5:1.2.3.4')).toBe('ip6:1:2:0:3::/64');
    expect(addressKey('fe80::1%eth0')).toBe('ip6:fe80:0:0:0::/64');
  });

  it('keys an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressKey('::ffff:198.51.100.4')).toBe('ip:198.51.100.4');
  });
});
