import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  otpauthUri,
  totpCode,
  verifyTotp,
} from './totp.js';

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890"; 6 digits are the last 6 of the 8 shown.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '287082'],
  [1_111_111_109, '081804'],
  [1_111_111_111, '050471'],
  [1_234_567_890, '005924'],
  [2_000_000_000, '279037'],
  [20_000_000_000, '353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 test vectors', () => {
    for (const [seconds, code] of VECTORS) expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
  });

  it('round-trips base32 and rejects characters outside the alphabet', () => {
    const bytes = Buffer.from('any bytes at all, 20!');
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode('gezd gnbv')).toEqual(base32Decode('GEZDGNBV'));
    expect(() => base32Decode('GEZ1')).toThrow();
  });

  it('accepts the previous, current and next step and answers which one matched', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses a code two steps away, a wrong code and anything not six digits', () => {
    const now = 1_234_567_890_000;
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeUndefined();
    const wrong = String((Number(totpCode(RFC_SECRET, now)) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(RFC_SECRET, wrong, now)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, '12345', now)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, ' 005924', now)).toBeUndefined();
  });

  it('generates 160-bit secrets and an otpauth URI authenticator apps read', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri('ClaimGuard', 'carol', secret));
    expect(uri.protocol).toBe('otpauth:');
    expect(`${uri.host}${uri.pathname}`).toBe('totp/ClaimGuard:carol');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('digits')).toBe('6');
  });
});
