import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../session/session-cookie';
import type { TokenSet } from './oidc-client';
import { ResponseBodyError } from 'oauth4webapi';
import { needsRefresh, refreshEndsSession, refreshSession } from './refresh';

const refreshTokens = vi.hoisted(() => vi.fn<(token: string) => Promise<TokenSet>>());
vi.mock('./oidc-client', () => ({ refreshTokens }));

function session(refreshToken: string, expiresAt = 1000): Session {
  return {
    sub: 'sub-1',
    party: { kind: 'member', id: 'M-100001' },
    accessToken: 'old-access',
    accessTokenExpiresAt: expiresAt,
    refreshToken,
    csrfToken: 'c'.repeat(43),
    loggedInAt: 1,
  };
}

const rotated: TokenSet = {
  sub: 'sub-1',
  party: { kind: 'member', id: 'M-100001' },
  accessToken: 'new-access',
  accessTokenExpiresAt: 5000,
  refreshToken: 'rotated-refresh',
};

describe('needsRefresh', () => {
  it('refreshes 30 s before expiry, not earlier', () => {
    expect(needsRefresh(session('r', 1000), 969)).toBe(false);
    expect(needsRefresh(session('r', 1000), 970)).toBe(true);
    expect(needsRefresh(session('r', 1000), 2000)).toBe(true);
  });
});

describe('refreshSession', () => {
  beforeEach(() => refreshTokens.mockReset());

  it('sends a refresh token to identity once, however many requests need it at the same time', async () => {
    let release!: (t: TokenSet) => void;
    refreshTokens.mockReturnValue(new Promise((r) => (release = r)));
    const old = session('family-a');
    const results = Promise.all([refreshSession(old), refreshSession(old), refreshSession(old)]);
    release(rotated);
    const sessions = await results;
    expect(refreshTokens).toHaveBeenCalledTimes(1);
    for (const s of sessions) {
      expect(s).toMatchObject({ accessToken: 'new-access', refreshToken: 'rotated-refresh' });
      expect(s.csrfToken).toBe(old.csrfToken); // the session continues: same CSRF token
    }
    // A request still carrying the old cookie shortly after gets the same result, no reuse.
    await refreshSession(old);
    expect(refreshTokens).toHaveBeenCalledTimes(1);
  });

  it('tries again after a refused refresh instead of caching the failure', async () => {
    refreshTokens.mockRejectedValueOnce(new Error('invalid_grant'));
    await expect(refreshSession(session('family-b'))).rejects.toThrow('invalid_grant');
    refreshTokens.mockResolvedValueOnce(rotated);
    await expect(refreshSession(session('family-b'))).resolves.toMatchObject({
      accessToken: 'new-access',
    });
    expect(refreshTokens).toHaveBeenCalledTimes(2);
  });

  it('refuses without a refresh token', async () => {
    const { refreshToken: _, ...noRefresh } = session('x');
    await expect(refreshSession(noRefresh)).rejects.toThrow(/no refresh token/);
    expect(refreshTokens).not.toHaveBeenCalled();
  });
});

describe('refreshEndsSession', () => {
  /** An OAuth error answer as oauth4webapi reports it. */
  function oauthError(status: number, error: string): ResponseBodyError {
    const response = new Response(JSON.stringify({ error }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
    return new ResponseBodyError('server responded with an error in the response body', {
      cause: { error },
      response,
    });
  }

  it('ends the session only when identity refuses the grant (invalid_grant)', () => {
    expect(refreshEndsSession(oauthError(400, 'invalid_grant'))).toBe(true);
  });

  it('keeps it on a rate limit, a server error or identity being away', () => {
    expect(refreshEndsSession(oauthError(429, 'rate_limited'))).toBe(false);
    expect(refreshEndsSession(oauthError(503, 'temporarily_unavailable'))).toBe(false);
    expect(refreshEndsSession(new TypeError('fetch failed'))).toBe(false);
  });
});
