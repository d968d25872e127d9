import {
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  X509Certificate,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * TRAINING ONLY — never reached while defense `jwt-alg` is on (see training-token.path.ts).
 *
 * A JWS check written the way classic vulnerable JWT libraries did it: it trusts the token's own
 * header to say how it should be verified. Each shortcut it takes is one attack of the workshop's
 * JWT family; the verdict names the one that let the token in, so the caller can audit it.
 * The secure path (party-token.strategy.ts) pins ES256 and takes the key from the gateway's JWKS
 * by `kid` only, and refuses every one of these.
 */
export type NaiveWeakness =
  | 'alg-none'
  | 'signature-stripped'
  | 'hmac-key-confusion'
  | 'embedded-jwk'
  | 'jku'
  | 'x5u'
  | 'kid-injection'
  | 'psychic-signature';

/** A decoded JWS whose signature the naive check accepted, and the shortcut it took (if any). */
export type NaiveVerdict =
  | {
      ok: true;
      header: Record<string, unknown>;
      payload: Record<string, unknown>;
      /** Undefined when the signature is a genuine one by a key the resolver knows. */
      weakness: NaiveWeakness | undefined;
    }
  | { ok: false; reason: string };

/** Looks a trusted issuer key up by `kid` (SPKI PEM, as `JwksKeyStore` holds it). */
export type KeyByKid = (kid: string) => Promise<string | undefined>;

/** Verification settings: with `trustHeader` false only a genuine ES256 signature passes. */
export interface NaiveCheckOptions {
  /** Follow the header like a vulnerable library (defense `jwt-alg` off). */
  trustHeader: boolean;
}

/**
 * Checks a compact JWS. With `trustHeader` it accepts, in this order: `alg: none` in any case with
 * an empty signature; any token whose signature segment is empty; an HMAC signature keyed with an
 * "injected" `kid`'s empty key; an HMAC signature keyed with the issuer's public key text; a key
 * the header names by `jku`/`x5u` (never fetched, see {@link keyOfUrlHeader}); a key embedded as
 * `jwk`; an all-zero ECDSA signature (CVE-2022-21449). Without it: ES256 by a known `kid` only.
 * @example await naiveVerify(jwt, (kid) => keys.get(kid), { trustHeader: !defenses.isOn('jwt-alg') })
 */
export async function naiveVerify(
  jwt: string,
  keyOf: KeyByKid,
  options: NaiveCheckOptions,
): Promise<NaiveVerdict> {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  const payload = decodeJson(body);
  if (!header || !payload) return { ok: false, reason: 'undecodable header or payload' };
  const input = Buffer.from(`${head}.${body}`);
  const sig = Buffer.from(signature, 'base64url');
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const accept = (weakness: NaiveWeakness | undefined): NaiveVerdict => ({
    ok: true,
    header,
    payload,
    weakness,
  });

  if (!options.trustHeader) {
    if (alg !== 'ES256' || !kid) return { ok: false, reason: `alg ${alg} or kid refused` };
    const pem = await keyOf(kid);
    if (!pem) return { ok: false, reason: 'unknown signing key' };
    return verifyAsymmetric('ES256', createPublicKey(pem), input, sig)
      ? accept(undefined)
      : { ok: false, reason: 'invalid signature' };
  }

  // The library asks the header which algorithm to run; "none" means nothing to check.
  if (alg.toLowerCase() === 'none') {
    return signature === ''
      ? accept('alg-none')
      : { ok: false, reason: 'alg none with a signature' };
  }
  // No signature segment: the library "has nothing to verify" and moves on.
  if (signature === '') return accept('signature-stripped');

  if (alg.startsWith('HS')) {
    const hash = `sha${alg.slice(2)}`;
    // The key file named by `kid` is read as is: `../../dev/null` (or a lookup whose injected SQL
    // answers '') yields an empty key the attacker knows. Simulated: nothing is read from disk.
    if (kid !== undefined && looksInjected(kid)) {
      return hmacMatches(hash, '', input, sig)
        ? accept('kid-injection')
        : { ok: false, reason: 'hmac mismatch' };
    }
    // RS/ES-to-HS confusion: the "secret" is whatever key material the kid names — the issuer's
    // public key, which anyone can read from its JWKS, as PEM or as JWK JSON text.
    const pem = kid ? await keyOf(kid) : undefined;
    if (!pem) return { ok: false, reason: 'unknown signing key' };
    const jwkText = JSON.stringify(createPublicKey(pem).export({ format: 'jwk' }));
    return [pem, pem.trim(), jwkText].some((secret) => hmacMatches(hash, secret, input, sig))
      ? accept('hmac-key-confusion')
      : { ok: false, reason: 'hmac mismatch' };
  }

  const fromUrl = keyOfUrlHeader(header);
  if (fromUrl) {
    return fromUrl.key && verifyAsymmetric(alg, fromUrl.key, input, sig)
      ? accept(fromUrl.weakness)
      : { ok: false, reason: `${fromUrl.weakness} key does not verify` };
  }
  if (isObject(header.jwk)) {
    const key = importJwk(header.jwk);
    return key && verifyAsymmetric(alg, key, input, sig)
      ? accept('embedded-jwk')
      : { ok: false, reason: 'embedded jwk does not verify' };
  }

  const pem = kid ? await keyOf(kid) : undefined;
  if (!pem) return { ok: false, reason: 'unknown signing key' };
  // Java 15–18's ECDSA skipped the 0 < r, s < n range check, so r = s = 0 "verified" any input.
  if (alg.startsWith('ES') && sig.length > 0 && sig.every((b) => b === 0)) {
    return accept('psychic-signature');
  }
  return verifyAsymmetric(alg, createPublicKey(pem), input, sig)
    ? accept(undefined)
    : { ok: false, reason: 'invalid signature' };
}

/**
 * `jku` (a JWKS URL) and `x5u` (a certificate URL) name where the verification key lives. The
 * naive library trusts any URL, but this stack never fetches: whatever the URL would serve is
 * taken from the header itself, as the attacker's server would serve it — `jku` uses the `jwk` the
 * header carries, `x5u` the first certificate of `x5c`. The attack still shows what matters (a key
 * chosen by the token's author verifies it) without a single outbound request.
 */
function keyOfUrlHeader(
  header: Record<string, unknown>,
): { weakness: 'jku' | 'x5u'; key: KeyObject | undefined } | undefined {
  if (typeof header.jku === 'string') {
    return { weakness: 'jku', key: isObject(header.jwk) ? importJwk(header.jwk) : undefined };
  }
  if (typeof header.x5u === 'string') {
    const [first] = Array.isArray(header.x5c) ? (header.x5c as unknown[]) : [];
    let key: KeyObject | undefined;
    try {
      key =
        typeof first === 'string'
          ? new X509Certificate(Buffer.from(first, 'base64')).publicKey
          : undefined;
    } catch {
      key = undefined;
    }
    return { weakness: 'x5u', key };
  }
  return undefined;
}

/** A `kid` that a file path or SQL lookup would mis-resolve: traversal, separators, quotes. */
function looksInjected(kid: string): boolean {
  return /\.\.|[/\\'";]|--|\bunion\b|\bselect\b/i.test(kid);
}

function hmacMatches(hash: string, secret: string, input: Buffer, sig: Buffer): boolean {
  let expected: Buffer;
  try {
    expected = createHmac(hash, secret).update(input).digest();
  } catch {
    return false;
  }
  return expected.length === sig.length && timingSafeEqual(expected, sig);
}

function verifyAsymmetric(alg: string, key: KeyObject, input: Buffer, sig: Buffer): boolean {
  const hash = { ES256: 'sha256', ES384: 'sha384', RS256: 'sha256', RS384: 'sha384' }[alg];
  if (!hash) return false;
  try {
    return alg.startsWith('ES')
      ? verify(hash, input, { key, dsaEncoding: 'ieee-p1363' }, sig)
      : verify(hash, input, key, sig);
  } catch {
    return false;
  }
}

function importJwk(jwk: Record<string, unknown>): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
