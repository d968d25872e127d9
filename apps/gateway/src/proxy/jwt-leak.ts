/**
 * A compact JWS whose header and payload are JSON objects (`{"…` encodes to `eyJ`). Services never
 * need to return one; if a body carries one, a token is leaking (an echoed party token, say).
 */
const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;

/** True when `body` contains something that looks like a signed JWT. */
export function containsJwt(body: Buffer): boolean {
  return JWT_IN_TEXT.test(body.toString('latin1'));
}
