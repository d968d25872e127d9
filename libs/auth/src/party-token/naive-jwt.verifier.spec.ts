import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { es256Jwt, hs256Jwt, unsignedJwt } from '../testing/jws-forgery.js';
import { algForgeries } from './forged-jwt.fixture.js';
import { naiveVerify, type KeyByKid } from './naive-jwt.verifier.js';

const issuerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attackerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = issuerKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const keyOf: KeyByKid = (kid) => Promise.resolve(kid === 'gw-1' ? pem : undefined);
const claims = { sub: 'mallory', aud: 'claims', scope: 'claims:read' };
const naive = { trustHeader: true };
const strict = { trustHeader: false };
const forgeries = algForgeries(claims, { kid: 'gw-1', publicKey: issuerKey.publicKey });
const attackerJwk = attackerKey.publicKey.export({ format: 'jwk' });

describe('naiveVerify (training only)', () => {
  it('accepts a genuine ES256 signature without naming a weakness, both ways', async () => {
    const jwt = es256Jwt(
      { alg: 'ES256', typ: 'party+jwt', kid: 'gw-1' },
      claims,
      issuerKey.privateKey,
    );
    for (const options of [naive, strict]) {
      const verdict = await naiveVerify(jwt, keyOf, options);
      expect(verdict).toMatchObject({ ok: true, weakness: undefined, payload: claims });
    }
  });

  for (const [weakness, tokens] of Object.entries(forgeries)) {
    it(`trusting the header, lets a ${weakness} forgery in and names it`, async () => {
      for (const jwt of tokens) {
        const verdict = await naiveVerify(jwt, keyOf, naive);
        expect(verdict, jwt).toMatchObject({ ok: true, weakness, payload: claims });
      }
    });

    it(`pinned to ES256 and the JWKS, refuses the ${weakness} forgery`, async () => {
      for (const jwt of tokens) {
        expect((await naiveVerify(jwt, keyOf, strict)).ok, jwt).toBe(false);
      }
    });
  }

  it('still refuses what even the naive library checks', async () => {
    const wrong = [
      // alg none with a signature left on, HMAC with a key nobody published, a bad ECDSA signature
      `${unsignedJwt({ alg: 'none' }, claims)}AAAA`,
      hs256Jwt({ alg: 'HS256', kid: 'gw-1' }, claims, 'guess'),
      hs256Jwt({ alg: 'HS256', kid: '../../dev/null' }, claims, 'not-empty'),
      es256Jwt({ alg: 'ES256', kid: 'gw-1' }, claims, attackerKey.privateKey),
      es256Jwt({ alg: 'ES256', jwk: attackerJwk }, claims, issuerKey.privateKey),
      es256Jwt({ alg: 'ES256', kid: 'nobody' }, claims, issuerKey.privateKey),
      'not.a-jwt',
    ];
    for (const jwt of wrong) expect((await naiveVerify(jwt, keyOf, naive)).ok, jwt).toBe(false);
  });

  it('never fetches a jku or x5u URL', async () => {
    const fetchSpy = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = () => {
      fetched += 1;
      return Promise.reject(new Error('no outbound fetch'));
    };
    try {
      for (const jwt of [...forgeries.jku, ...forgeries.x5u]) await naiveVerify(jwt, keyOf, naive);
    } finally {
      globalThis.fetch = fetchSpy;
    }
    expect(fetched).toBe(0);
  });
});
