import { isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 prefix so `::ffff:10.0.0.1` and `10.0.0.1` count as one source. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/**
 * The source address lockout counts against. `X-Forwarded-For` is believed only when the TCP peer
 * is one of `trustedProxies` (default: none, so a client cannot pick its own address); then the
 * right-most entry that is not itself a trusted proxy is the client.
 * @example clientAddress('10.0.0.2', '203.0.113.9, 10.0.0.2', ['10.0.0.2']) // '203.0.113.9'
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const direct = normalizeAddress(peer);
  if (!trustedProxies.includes(direct) || forwardedFor === undefined) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => normalizeAddress(h))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return direct;
}
