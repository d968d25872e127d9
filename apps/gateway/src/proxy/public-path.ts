/** Public prefix of every routed API path. */
export const API_PREFIX = '/api';

export type PublicPath =
  | { kind: 'malformed'; reason: string }
  | { kind: 'not-routable' }
  | { kind: 'routable'; service: string; servicePath: string; query: string };

/** RFC 3986 `pchar` plus `/`; anything else in a path is refused rather than normalized. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/**
 * Encodings that smuggle separators or dots past a matcher that works on the raw path: `%2f` `/`,
 * `%2e` `.`, `%5c` `\`, `%00` NUL, and `%25` (a double-encoded one of those).
 */
const DANGEROUS_ENCODINGS = /%(2f|2e|5c|00|25)/i;
const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Splits a raw request target (`/api/claims/123?x=1`) into the service name, the service-side path
 * (`/claims/123`) and the untouched query string. Paths that could mean something else once a
 * server or proxy normalizes them are malformed: `..`, `//`, `.` segments, backslashes, encoded
 * slashes/dots/backslashes, stray `%`. Nothing is ever normalized, only refused.
 * @example parsePublicPath('/api/claims/1?a=b') // { kind: 'routable', service: 'claims', servicePath: '/claims/1', query: '?a=b' }
 */
export function parsePublicPath(rawUrl: string): PublicPath {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q);
  const reason = malformedReason(path, query);
  if (reason) return { kind: 'malformed', reason };
  if (!path.startsWith(`${API_PREFIX}/`)) return { kind: 'not-routable' };
  const servicePath = path.slice(API_PREFIX.length);
  const service = servicePath.split('/')[1] ?? '';
  if (!SERVICE_NAME.test(service)) return { kind: 'not-routable' };
  return { kind: 'routable', service, servicePath, query };
}

function malformedReason(path: string, query: string): string | undefined {
  if (!path.startsWith('/')) return 'path must be absolute';
  if (path.includes('\\')) return 'backslash in path';
  if (path.includes('..')) return 'dot-dot in path';
  if (path.includes('//')) return 'empty segment in path';
  if (DANGEROUS_ENCODINGS.test(path)) return 'encoded separator in path';
  if (!PATH_CHARS.test(path)) return 'character not allowed in path';
  if (/%(?![0-9a-fA-F]{2})/.test(path)) return 'stray percent sign in path';
  if (path.split('/').includes('.')) return 'dot segment in path';
  // Control characters, space and DEL: checked by code point to keep the intent readable.
  if (
    query.includes('#') ||
    [...query].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)
  ) {
    return 'character not allowed in query';
  }
  return undefined;
}
