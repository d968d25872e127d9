import { describe, expect, it } from 'vitest';
import { containsJwt } from './jwt-leak.js';

const jwt =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6InBhcnR5K2p3dCJ9.eyJzdWIiOiJhbGljZSIsInBhcnR5Ijp7fX0.c2lnbmF0dXJlLW9mLXNvbWUtbGVuZ3Ro';

describe('containsJwt', () => {
  it('spots a JWT anywhere in a response body', () => {
    expect(
      containsJwt(Buffer.from(JSON.stringify({ debug: { authorization: `Bearer ${jwt}` } }))),
    ).toBe(true);
  });

  it('leaves ordinary JSON alone', () => {
    const body = {
      id: '7d1c9f0e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
      status: 'FILED',
      note: 'eyJ is just text.',
    };
    expect(containsJwt(Buffer.from(JSON.stringify(body)))).toBe(false);
  });
});
