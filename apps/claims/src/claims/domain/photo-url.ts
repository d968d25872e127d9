import { BlockList, isIP } from 'node:net';
import type { PhotoUrlProblem } from './claim.errors.js';

/**
 * What a photo URL must be before the service fetches it (defense `ssrf`, OWASP API7:2023): https,
 * no credentials, a host NAME (an IP literal, however encoded, skips the allow-list's point) that
 * is on the allow-list. The address it resolves to is checked at fetch time (`isInternalAddress`).
 * @example checkPhotoUrl('https://photos.example.com/a.jpg', ['photos.example.com']) // { url }
 */
export function checkPhotoUrl(
  raw: string,
  allowedHosts: readonly string[],
): { url: URL } | { problem: PhotoUrlProblem } {
  // WHATWG parsing normalizes encodings first (http://2130706433/ becomes 127.0.0.1), so the
  // checks below see what a client would connect to.
  const url = URL.parse(raw);
  if (!url || url.protocol !== 'https:') return { problem: 'not https' };
  if (url.username !== '' || url.password !== '') return { problem: 'credentials in the URL' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) !== 0) return { problem: 'an IP address instead of a host name' };
  if (!allowedHosts.includes(host)) return { problem: 'host not on the allow-list' };
  return { url };
}

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-translated (SIIT): another spelling of an IPv4 address. (IPv4-mapped `::ffff:a.b.c.d`,
  // in any spelling, BlockList judges by its IPv4 part.)
  ['::ffff:0:0:0', 96],
  // NAT64, well-known and local-use prefixes: the IPv4 address inside is reached through a gateway.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  // Teredo and 6to4 tunnels: an IPv4 address (any, an internal one included) reached via a relay.
  ['2001::', 32],
  ['2002::', 16],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

/**
 * True for any address a photo fetch must never reach: loopback, private (RFC 1918, ULA),
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast, reserved, documentation,
 * and IPv6 forms that reach an IPv4 address through a translator or tunnel (NAT64, SIIT, Teredo,
 * 6to4); IPv4-mapped IPv6 addresses are judged by their IPv4 part. Anything unparsable counts as internal.
 * @example isInternalAddress('169.254.169.254') // true
 */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isInternalAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
