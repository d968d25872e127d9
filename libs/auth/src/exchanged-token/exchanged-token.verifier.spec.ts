import { describe, expect, it } from 'vitest';
import { exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import {
  EXCHANGED_TOKEN_TYP,
  ExchangedTokenVerifier,
  type ExchangedTokenKeys,
} from './exchanged-token.verifier.js';

const ISSUER = 'https://identity.test';
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const other = await generateKeyPair('ES256', { extractable: true });
const pem = await exportSPKI(publicKey);
const keys: ExchangedTokenKeys = { get: (kid) => Promise.resolve(kid === 'k1' ? pem : undefined) };
const verifier = new ExchangedTokenVerifier({ issuer: ISSUER, audience: 'claims', keys });
const expected = { callerWorkload: 'rental', requiredScope: 'claims:coverage' };

const claims = (over: JWTPayload = {}): JWTPayload => ({
  iss: ISSUER,
  aud: 'claims',
  sub: 'user-heidi',
  party: { kind: 'rental_agent', id: 'R-01' },
  scope: 'claims:coverage',
  act: { sub: 'rental' },
  jti: 'aaaaaaaaaaaaaaaaaaaa',
  ...over,
});

async function sign(
  payload: JWTPayload = claims(),
  opts: { typ?: string; kid?: string; ttl?: number; key?: typeof privateKey } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: 'ES256',
      typ: opts.typ ?? EXCHANGED_TOKEN_TYP,
      kid: opts.kid ?? 'k1',
    })
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.ttl ?? 30))
    .sign(opts.key ?? privateKey);
}

describe('ExchangedTokenVerifier', () => {
  it('accepts a token for claims acting through the calling workload', async () => {
    const result = await verifier.verify(await sign(), expected);
    expect(result).toEqual({
      ok: true,
      party: {
        sub: 'user-heidi',
        party: { kind: 'rental_agent', id: 'R-01' },
        scopes: ['claims:coverage'],
        actor: 'rental',
        tokenId: 'aaaaaaaaaaaaaaaaaaaa',
      },
    });
  });

  it('refuses a token whose actor is not the mTLS caller', async () => {
    const result = await verifier.verify(await sign(), { ...expected, callerWorkload: 'towing' });
    expect(result).toEqual({ ok: false, reason: 'actor is not the calling workload' });
  });

  it('skips the actor binding only when told (defense mtls off, training)', async () => {
    const result = await verifier.verify(await sign(), {
      ...expected,
      callerWorkload: 'towing',
      bindActor: false,
    });
    expect(result).toMatchObject({ ok: true, party: { actor: 'rental' } });
  });

  it('refuses without a verified caller', async () => {
    const result = await verifier.verify(await sign(), { ...expected, callerWorkload: undefined });
    expect(result.ok).toBe(false);
  });

  it('refuses a token without act', async () => {
    const result = await verifier.verify(await sign(claims({ act: undefined })), expected);
    expect(result.ok).toBe(false);
  });

  it('refuses another audience (replay at repair)', async () => {
    const repair = new ExchangedTokenVerifier({ issuer: ISSUER, audience: 'repair', keys });
    expect((await repair.verify(await sign(), expected)).ok).toBe(false);
  });

  it('refuses a multi-audience token', async () => {
    const token = await sign(claims({ aud: ['claims', 'repair'] }));
    expect((await verifier.verify(token, expected)).ok).toBe(false);
  });

  it('refuses another issuer', async () => {
    const token = await sign(claims({ iss: 'https://gateway.test' }));
    expect((await verifier.verify(token, expected)).ok).toBe(false);
  });

  it('refuses a party token (typ party+jwt)', async () => {
    expect((await verifier.verify(await sign(claims(), { typ: 'party+jwt' }), expected)).ok).toBe(
      false,
    );
  });

  it('refuses a token missing the required scope', async () => {
    const token = await sign(claims({ scope: 'claims:read' }));
    expect(await verifier.verify(token, expected)).toEqual({ ok: false, reason: 'scope' });
  });

  it('refuses a token living longer than 60 s', async () => {
    const token = await sign(claims(), { ttl: 600 });
    expect(await verifier.verify(token, expected)).toEqual({
      ok: false,
      reason: 'token lives too long',
    });
  });

  it('refuses an unknown kid and a wrong signature', async () => {
    expect((await verifier.verify(await sign(claims(), { kid: 'k2' }), expected)).ok).toBe(false);
    const forged = await sign(claims(), { key: other.privateKey });
    expect((await verifier.verify(forged, expected)).ok).toBe(false);
  });

  it('refuses an expired token', async () => {
    const later = new ExchangedTokenVerifier({
      issuer: ISSUER,
      audience: 'claims',
      keys,
      now: () => new Date(Date.now() + 120_000),
    });
    expect((await later.verify(await sign(), expected)).ok).toBe(false);
  });

  it('refuses garbage and a missing token', async () => {
    expect((await verifier.verify('not.a.jwt', expected)).ok).toBe(false);
    expect((await verifier.verify(undefined, expected)).ok).toBe(false);
  });

  it('refuses when the keys cannot be fetched', async () => {
    const broken = new ExchangedTokenVerifier({
      issuer: ISSUER,
      audience: 'claims',
      keys: { get: () => Promise.reject(new Error('down')) },
    });
    expect(await broken.verify(await sign(), expected)).toEqual({
      ok: false,
      reason: 'issuer keys unavailable',
    });
  });
});
