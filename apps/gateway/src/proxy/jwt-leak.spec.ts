import { describe, expect, it } from 'vitest';
import { echoesPartyToken } from './jwt-leak.js';

const minted =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6InBhcnR5K2p3dCJ9.eyJzdWIiOiJhbGljZSIsInBhcnR5Ijp7fX0.c2lnbmF0dXJlLW9mLXNvbWUtbGVuZ3Ro';
const other =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6InBhcnR5K2p3dCJ9.eyJzdWIiOiJib2IiLCJwYXJ0eSI6e319.YW5vdGhlci1zaWduYXR1cmUtaGVyZQ';

describe('echoesPartyToken', () => {
  it('spots the minted party token anywhere in a response body', () => {
    const body = Buffer.from(JSON.stringify({ debug: { authorization: `Bearer ${minted}` } }));
    expect(echoesPartyToken(body, minted)).toBe(true);
  });

  it('leaves user-supplied JWT-like text alone (no denial of service by a claim description)', () => {
    const body = Buffer.from(JSON.stringify({ id: 'x', description: `see ${other}` }));
    expect(echoesPartyToken(body, minted)).toBe(false);
  });

  it('leaves ordinary JSON alone', () => {
    expect(
      echoesPartyToken(Buffer.from('{"status":"FILED","note":"eyJ is just text."}'), minted),
    ).toBe(false);
  });
});
