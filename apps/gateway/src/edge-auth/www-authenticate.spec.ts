import { describe, expect, it } from 'vitest';
import { bearerChallenge } from './www-authenticate.js';

describe('bearerChallenge', () => {
  it('is a bare realm challenge when the request had no credentials', () => {
    expect(bearerChallenge()).toBe('Bearer realm="claimguard"');
  });

  it('names invalid_token for a rejected token', () => {
    expect(bearerChallenge({ error: 'invalid_token' })).toBe(
      'Bearer realm="claimguard", error="invalid_token"',
    );
  });

  it('lists the required scopes with insufficient_scope', () => {
    expect(
      bearerChallenge({ error: 'insufficient_scope', scope: 'claims:read claims:write' }),
    ).toBe(
      'Bearer realm="claimguard", error="insufficient_scope", scope="claims:read claims:write"',
    );
  });

  it('asks for a step-up with acr_values and max_age (RFC 9470 §3)', () => {
    expect(
      bearerChallenge({
        error: 'insufficient_user_authentication',
        acrValues: 'urn:claimguard:acr:mfa',
        maxAge: 300,
      }),
    ).toBe(
      'Bearer realm="claimguard", error="insufficient_user_authentication", acr_values="urn:claimguard:acr:mfa", max_age="300"',
    );
  });

  it('strips characters that could break out of a quoted value', () => {
    expect(
      bearerChallenge({ error: 'invalid_token', description: 'bad "x"\r\nSet-Cookie: a=b' }),
    ).toBe(
      'Bearer realm="claimguard", error="invalid_token", error_description="bad xSet-Cookie: a=b"',
    );
  });
});
