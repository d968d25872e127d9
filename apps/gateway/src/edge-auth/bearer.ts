/** RFC 6750 §2.1 `b64token`: the only characters a bearer credential may contain. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Longer than any token identity issues; stops megabyte headers reaching introspection. */
const MAX_TOKEN_LENGTH = 4096;

export type BearerParse =
  { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/**
 * Reads `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1). A header that is
 * absent, blank or of another scheme counts as missing credentials; a Bearer header whose value is
 * not a single b64token is malformed (and answered as an invalid token).
 * @example parseBearer('Bearer abc.def') // { kind: 'token', token: 'abc.def' }
 */
export function parseBearer(header: string | string[] | undefined): BearerParse {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return { kind: 'missing' };
  const match = /^\s*(\S+)(?:[ ]+(.*))?$/.exec(value);
  if (!match?.[1] || match[1].toLowerCase() !== 'bearer') return { kind: 'missing' };
  const token = (match[2] ?? '').trim();
  if (token === '') return { kind: 'missing' };
  if (token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token)) return { kind: 'malformed' };
  return { kind: 'token', token };
}

/** Three base64url parts: the shape of a JWS compact serialization, i.e. a JWT. */
export function isJwtShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
