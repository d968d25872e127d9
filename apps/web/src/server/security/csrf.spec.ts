import { describe, expect, it } from 'vitest';
import { checkCsrf, type CsrfEvidence } from './csrf';

const site = 'http://localhost:13000';
const token = 't'.repeat(43);
const good: CsrfEvidence = {
  origin: site,
  secFetchSite: 'same-origin',
  formToken: token,
  sessionToken: token,
};

describe('checkCsrf', () => {
  it('accepts a same-origin form post carrying the session token', () => {
    expect(checkCsrf(good, site)).toEqual({ ok: true });
    expect(checkCsrf({ ...good, secFetchSite: null }, site)).toEqual({ ok: true });
  });

  it('refuses another origin even with the right token', () => {
    expect(checkCsrf({ ...good, origin: 'https://evil.example' }, site).ok).toBe(false);
    expect(checkCsrf({ ...good, origin: 'http://localhost:13001' }, site).ok).toBe(false);
  });

  it('refuses a request without Origin (a forged request can strip it)', () => {
    expect(checkCsrf({ ...good, origin: null }, site).ok).toBe(false);
  });

  it('refuses a cross-site fetch even when Origin is spoofed', () => {
    expect(checkCsrf({ ...good, secFetchSite: 'cross-site' }, site).ok).toBe(false);
    expect(checkCsrf({ ...good, secFetchSite: 'same-site' }, site).ok).toBe(false);
  });

  it('refuses a missing, wrong or differently sized token', () => {
    expect(checkCsrf({ ...good, formToken: null }, site).ok).toBe(false);
    expect(checkCsrf({ ...good, formToken: 'u'.repeat(43) }, site).ok).toBe(false);
    expect(checkCsrf({ ...good, formToken: token.slice(1) }, site).ok).toBe(false);
  });

  it('refuses when there is no session to compare with', () => {
    expect(checkCsrf({ ...good, sessionToken: undefined }, site).ok).toBe(false);
  });
});
