import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { PARTY_TOKEN_ALG, PARTY_TOKEN_TYP, type Party } from '@claimguard/contracts';

/** Claims a test may set on a party token; defaults fill in the rest. */
export interface MintOptions {
  sub?: string;
  party: Party;
  aud: string;
  scope: string;
  iss?: string;
  ttlSeconds?: number;
  /** Override the JOSE `typ` header (to test type confusion). */
  typ?: string;
  extra?: Record<string, unknown>;
}

/** An ES256 signing key with its JWKS served on a local port. */
export interface TokenIssuer {
  issuer: string;
  jwksUrl: string;
  mint(options: MintOptions): Promise<string>;
  close(): Promise<void>;
}

/**
 * Issues party tokens for integration tests of a single service: a real ES256 key, its public JWK
 * served over HTTP the way the gateway serves it, and a minter with the gateway's claim layout.
 * @example const issuer = await createTokenIssuer(); const t = await issuer.mint({ aud: 'claims', party, scope: 'claims:read' });
 */
export async function createTokenIssuer(issuer = 'http://gateway.test'): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(PARTY_TOKEN_ALG, { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: PARTY_TOKEN_ALG, use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    issuer,
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    mint: (options) => mintWith(privateKey, kid, issuer, options),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Signs a party-token-shaped JWT with `key`. Exported for attack tests that hold a stolen key. */
export async function mintWith(
  key: CryptoKey,
  kid: string,
  issuer: string,
  options: MintOptions,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    party: options.party,
    scope: options.scope,
    ...options.extra,
  })
    .setProtectedHeader({ alg: PARTY_TOKEN_ALG, kid, typ: options.typ ?? PARTY_TOKEN_TYP })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud)
    .setSubject(options.sub ?? randomUUID())
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 30))
    .sign(key);
}
