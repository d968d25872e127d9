import { describe, expect, it } from 'vitest';
import { stepUpOf } from '../gateway/gateway-error';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it("keeps this app's paths", () => {
    expect(safeReturnPath('/adjuster/claims/7d3c4a52?stepup=1')).toBe(
      '/adjuster/claims/7d3c4a52?stepup=1',
    );
  });

  it('refuses anything that could leave the app', () => {
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/ok"><script>',
      '',
      null,
    ]) {
      expect(safeReturnPath(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('stepUpOf', () => {
  it('reads the RFC 9470 challenge', () => {
    expect(
      stepUpOf(
        'Bearer error="insufficient_user_authentication", error_description="x", acr_values="urn:claimguard:acr:mfa", max_age="8"',
      ),
    ).toEqual({ acrValues: 'urn:claimguard:acr:mfa', maxAge: 8 });
  });

  it('ignores other challenges', () => {
    expect(stepUpOf('Bearer error="invalid_token"')).toBeUndefined();
    expect(stepUpOf(null)).toBeUndefined();
  });
});
