import { DefenseSwitches } from '@claimguard/config';
import { createLogger, onAudit, type AuditEvent } from '@claimguard/observability';
import type { KoaContextWithOIDC, Client } from 'oidc-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizationCodeForRedemption,
  laxRedirectUriMatch,
  pkceRequired,
  refusingDefense,
} from './oauth-training-paths.js';

const REGISTERED = ['http://127.0.0.1:8765/callback'];
const log = createLogger('identity', 'silent');

describe('laxRedirectUriMatch (the redirect-uri training path)', () => {
  it.each([
    ['an extra path', 'http://127.0.0.1:8765/callback/attacker'],
    ['an extra query', 'http://127.0.0.1:8765/callback?next=http://evil.example/'],
    ['a percent-encoded path', 'http://127.0.0.1:8765/%63allback'],
    ['a case variant', 'HTTP://127.0.0.1:8765/CALLBACK'],
    // Decoded, `%2F` becomes `/` and the URI "starts with" the registered one; parsed as sent, its
    // host is evil.example and `127.0.0.1:8765%2Fcallback` is only userinfo.
    [
      'another host behind userinfo with an encoded slash',
      'http://127.0.0.1:8765%2Fcallback@evil.example/',
    ],
  ])('lets through %s', (_what, uri) => {
    expect(laxRedirectUriMatch(uri, REGISTERED)).toBe(true);
  });

  it.each([
    ['another host', 'http://evil.example/callback'],
    ['a host that starts like the registered one', 'http://127.0.0.1.evil.example:8765/callback'],
    ['the userinfo trick', 'http://127.0.0.1:8765@evil.example/callback'],
    ['another path', 'http://127.0.0.1:8765/other'],
  ])('still refuses %s (every registered URI has a path)', (_what, uri) => {
    expect(laxRedirectUriMatch(uri, REGISTERED)).toBe(false);
  });

  it('does not throw on a malformed escape', () => {
    expect(laxRedirectUriMatch('http://127.0.0.1:8765/callback%E0%A4%A', REGISTERED)).toBe(true);
  });
});

describe('refusingDefense', () => {
  it('names the defense behind each OAuth refusal, and none for others', () => {
    expect(refusingDefense({ error: 'invalid_redirect_uri' })).toBe('redirect-uri');
    expect(
      refusingDefense({
        error: 'invalid_request',
        error_description: 'Authorization Server policy requires PKCE to be used for this request',
      }),
    ).toBe('pkce');
    expect(
      refusingDefense({
        error: 'invalid_request',
        error_description: 'not supported value of code_challenge_method',
      }),
    ).toBe('pkce');
    expect(
      refusingDefense({
        error: 'invalid_grant',
        error_detail: 'authorization code already consumed',
      }),
    ).toBe('code-single-use');
    expect(
      refusingDefense({ error: 'invalid_grant', error_detail: 'refresh token already used' }),
    ).toBeUndefined();
    expect(refusingDefense({ error: 'login_required' })).toBeUndefined();
  });
});

describe('training paths read the switch at each decision', () => {
  let events: AuditEvent[];
  let stop: () => void;
  beforeEach(() => {
    events = [];
    stop = onAudit((event) => events.push(event));
  });
  afterEach(() => stop());

  const ctx = { oidc: { session: { accountId: 'sub-1' } } } as unknown as KoaContextWithOIDC;
  const client = { clientId: 'claimguard-cli' } as Client;

  it('requires PKCE while pkce is on, and audits each request let through once it is off', () => {
    const defenses = DefenseSwitches.fromSetting('', 'test');
    const required = pkceRequired({ defenses, log });
    expect(required(ctx, client)).toBe(true);
    expect(events).toEqual([]);
    defenses.apply(['pkce'], defenses.version + 1);
    expect(required(ctx, client)).toBe(false);
    expect(events).toEqual([
      expect.objectContaining({ action: 'defense.off', defense: 'pkce', sub: 'sub-1' }),
    ]);
  });

  it('keeps a used code used while code-single-use is on, and forgets it (audited) once off', () => {
    const defenses = DefenseSwitches.fromSetting('', 'test');
    const used = { consumed: 1_700_000_000, accountId: 'sub-2', clientId: 'claimguard-cli' };
    expect(authorizationCodeForRedemption(used, { defenses, log })).toBe(used);
    defenses.apply(['code-single-use'], defenses.version + 1);
    expect(authorizationCodeForRedemption(used, { defenses, log })).toEqual({
      accountId: 'sub-2',
      clientId: 'claimguard-cli',
    });
    expect(events).toEqual([
      expect.objectContaining({ action: 'defense.off', defense: 'code-single-use', sub: 'sub-2' }),
    ]);
  });

  it('hands an unused code over unchanged and unaudited with the switch off', () => {
    const defenses = DefenseSwitches.fromSetting('code-single-use', 'test');
    const fresh = { accountId: 'sub-3' };
    expect(authorizationCodeForRedemption(fresh, { defenses, log })).toBe(fresh);
    expect(events).toEqual([]);
  });
});
