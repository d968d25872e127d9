import type { PeerCertificate } from 'node:tls';

/** The trust domain of every ClaimGuard workload's SPIFFE id. */
export const TRUST_DOMAIN = 'claimguard.local';

/**
 * A server answered a call with a certificate our CA signed, but for another workload than the one
 * the caller meant to reach (defense `mtls`): a workload holding another service's port, or a
 * caller pointed at the wrong address. The connection is refused before any request is sent.
 */
export class ServerIdentityMismatch extends Error {
  readonly code = 'ERR_SERVER_IDENTITY_MISMATCH';
  constructor(
    /** `spiffe://claimguard.local/<expected service>`. */
    readonly expected: string,
    /** What the certificate names: its SPIFFE id(s), or a description when it names none. */
    readonly presented: string,
  ) {
    super(`server identity ${presented} is not the expected ${expected}`);
    this.name = 'ServerIdentityMismatch';
  }
}

/** The SPIFFE URI SANs of a certificate (there should be exactly one). */
export function spiffeIdsOf(cert: Pick<PeerCertificate, 'subjectaltname'> | undefined): string[] {
  return (cert?.subjectaltname ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('URI:spiffe://'))
    .map((entry) => entry.slice('URI:'.length));
}

/** How a certificate's SPIFFE ids read in an audit line: `none` when it names no workload. */
export function presentedIdentity(
  cert: Pick<PeerCertificate, 'subjectaltname'> | undefined,
): string {
  const ids = spiffeIdsOf(cert);
  return ids.length === 0 ? 'none' : ids.join(' ');
}

/** `spiffe://claimguard.local/<workload>`. */
export function spiffeIdOf(workload: string, trustDomain = TRUST_DOMAIN): string {
  return `spiffe://${trustDomain}/${workload}`;
}

/**
 * A `checkServerIdentity` for TLS clients (undici `connect`, `https.request`) that accepts only a
 * server certificate whose one SPIFFE URI SAN is exactly `spiffe://claimguard.local/<workload>`.
 * Host names are deliberately not the check: every dev certificate carries `DNS:localhost` and
 * `IP:127.0.0.1`, so any workload on the machine would pass one. Node calls it only after the
 * chain verified against the CA the client trusts.
 * @example https.request(url, { ca, cert, key, checkServerIdentity: expectServer('claims') })
 */
export function expectServer(
  workload: string,
  trustDomain = TRUST_DOMAIN,
): (host: string, cert: PeerCertificate) => Error | undefined {
  const expected = spiffeIdOf(workload, trustDomain);
  return (_host, cert) => {
    const ids = spiffeIdsOf(cert);
    if (ids.length === 1 && ids[0] === expected) return undefined;
    return new ServerIdentityMismatch(expected, presentedIdentity(cert));
  };
}

/**
 * The {@link ServerIdentityMismatch} somewhere in an error's `cause` chain (fetch wraps the TLS
 * failure), or undefined.
 */
export function serverIdentityMismatchIn(error: unknown): ServerIdentityMismatch | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof ServerIdentityMismatch) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
