import { isIP } from 'node:net';

/**
 * The key a client address is counted under by per-address limits: an IPv4 address as it is, an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, in any spelling) as its IPv4 part, and any other
 * IPv6 address as its /64 network — the smallest block one subscriber is given, so hopping among
 * the 2^64 addresses of one's own network does not buy a fresh budget per address. Anything else
 * (a zone id, a name, nothing) is counted as it is, lower-cased.
 * @example addressBucket('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string): string {
  const trimmed = address.trim().toLowerCase();
  if (isIP(trimmed) !== 6) return trimmed;
  const groups = ipv6Groups(trimmed);
  if (!groups) return trimmed;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] | undefined {
  // WHATWG serialisation: compressed hex groups, an embedded IPv4 tail in hex too.
  const canonical = URL.parse(`http://[${address}]/`)?.hostname.slice(1, -1);
  if (canonical === undefined) return undefined;
  const [head = '', tail] = canonical.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}
