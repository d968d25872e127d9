import { describe, expect, it } from 'vitest';
import { providerPath } from './provider-path.js';

describe('providerPath', () => {
  it('folds ASCII case and drops one trailing slash, as the provider router does', () => {
    expect(providerPath('/TOKEN/')).toBe('/token');
    expect(providerPath('/Token/Revocation')).toBe('/token/revocation');
    expect(providerPath('/')).toBe('/');
  });

  it('keeps what the router would not match as it is: non-ASCII letters, a second slash', () => {
    expect(providerPath('/to\u017Fken')).toBe('/to\u017Fken');
    expect(providerPath('/token//')).toBe('/token/');
  });
});
