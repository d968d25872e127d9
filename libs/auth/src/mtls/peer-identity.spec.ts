import { describe, expect, it } from 'vitest';
import { peerIdentityOf, type PeerSocket } from './peer-identity.js';

const tls = (subjectaltname: string | undefined, authorized = true): PeerSocket => ({
  encrypted: true,
  authorized,
  getPeerCertificate: () => (subjectaltname === undefined ? {} : { subjectaltname }),
});

describe('peerIdentityOf', () => {
  it('names the workload of a verified certificate by its SPIFFE URI SAN', () => {
    const socket = tls(
      'URI:spiffe://claimguard.local/gateway, DNS:localhost, IP Address:127.0.0.1',
    );
    expect(peerIdentityOf(socket, 'claimguard.local')).toEqual({
      verified: true,
      workload: 'gateway',
      spiffeId: 'spiffe://claimguard.local/gateway',
    });
  });

  it('believes nothing of a certificate the handshake did not verify', () => {
    const socket = tls('URI:spiffe://claimguard.local/gateway', false);
    expect(peerIdentityOf(socket, 'claimguard.local')).toMatchObject({ verified: false });
  });

  it('names nobody without TLS, without a certificate, in another trust domain or with two ids', () => {
    const cases: (PeerSocket | undefined)[] = [
      undefined,
      { encrypted: false },
      tls(undefined),
      tls('URI:spiffe://evil.example/gateway'),
      tls('URI:spiffe://claimguard.local/gateway, URI:spiffe://claimguard.local/claims'),
      tls('DNS:gateway'),
    ];
    for (const socket of cases) {
      expect(peerIdentityOf(socket, 'claimguard.local').verified).toBe(false);
    }
  });
});
