import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * Public keys of the party-token issuer, fetched from its JWKS URL and cached by `kid`. An unknown
 * `kid` triggers at most one refetch per cooldown, so a flood of forged `kid`s cannot turn this
 * service into a request amplifier against the gateway.
 */
export class JwksKeyStore {
  private keys = new Map<string, string>();
  private lastFetch = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly jwksUrl: string,
    private readonly cooldownMs = 10_000,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The PEM public key for `kid`, or undefined when the issuer does not publish it. */
  async get(kid: string): Promise<string | undefined> {
    const cached = this.keys.get(kid);
    if (cached) return cached;
    if (Date.now() - this.lastFetch < this.cooldownMs && this.keys.size > 0) return undefined;
    await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastFetch = Date.now();
    const response = await this.fetchImpl(this.jwksUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS fetch failed with ${response.status}`);
    const body = (await response.json()) as { keys?: JWK[] };
    const next = new Map<string, string>();
    for (const jwk of body.keys ?? []) {
      // Only EC P-256 signing keys can verify an ES256 party token; anything else is ignored.
      if (!jwk.kid || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d) continue;
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      next.set(jwk.kid, key.export({ type: 'spki', format: 'pem' }).toString());
    }
    this.keys = next;
  }
}
