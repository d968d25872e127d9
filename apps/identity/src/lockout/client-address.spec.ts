import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeAddress } from './client-address.js';

describe('clientAddress', () => {
  it('ignores X-Forwarded-For when no proxy is trusted (the default)', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', [])).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.7', ['10.0.0.2'])).toBe('198.51.100.4');
  });

  it('takes the right-most untrusted hop behind trusted proxies, not the spoofable left-most', () => {
    expect(
      clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3', ['10.0.0.2', '10.0.0.3']),
    ).toBe('203.0.113.9');
  });

  it('falls back to the peer when the header holds no address', () => {
    expect(clientAddress('10.0.0.2', 'garbage', ['10.0.0.2'])).toBe('10.0.0.2');
  });

  it('counts IPv4-mapped IPv6 peers as their IPv4 address', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });
});
