/** What the caller guard reads of a TLS connection (a `TLSSocket`, or a plain socket without TLS). */
export interface PeerSocket {
  /** The client's address (what names a caller without a verified certificate). */
  remoteAddress?: string;
  authorized?: boolean;
  encrypted?: boolean;
  getPeerCertificate?: () => { subjectaltname?: string } | null | object;
}

/** The workload a verified peer certificate names, or why there is none. */
export type PeerIdentity =
  { verified: true; workload: string; spiffeId: string } | { verified: false; reason: string };

const SPIFFE_URI = /^spiffe:\/\/([a-z0-9.-]+)\/([a-z][a-z0-9-]*)$/;

/**
 * The caller's identity: the SPIFFE URI SAN (`spiffe://<trustDomain>/<workload>`) of the peer
 * certificate, believed only when the handshake verified that certificate against our CA. A
 * certificate of another trust domain, or with no or several SPIFFE ids, names nobody.
 * @example peerIdentityOf(request.raw.socket, 'claimguard.local') // { verified: true, workload: 'gateway', ... }
 */
export function peerIdentityOf(socket: PeerSocket | undefined, trustDomain: string): PeerIdentity {
  if (!socket?.encrypted || !socket.getPeerCertificate) {
    return { verified: false, reason: 'not a TLS connection' };
  }
  const cert = socket.getPeerCertificate() as { subjectaltname?: string } | null;
  if (!cert || Object.keys(cert).length === 0) {
    return { verified: false, reason: 'no client certificate' };
  }
  if (socket.authorized !== true) {
    return { verified: false, reason: 'client certificate not signed by the trusted CA' };
  }
  const ids = (cert.subjectaltname ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('URI:spiffe://'))
    .map((entry) => entry.slice('URI:'.length));
  const [only] = ids;
  const match = ids.length === 1 && only ? SPIFFE_URI.exec(only) : null;
  if (!match?.[2] || match[1] !== trustDomain) {
    return { verified: false, reason: 'client certificate names no workload of this trust domain' };
  }
  return { verified: true, workload: match[2], spiffeId: match[0] };
}
