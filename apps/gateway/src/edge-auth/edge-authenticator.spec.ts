import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import { GatewayEnvSchema, type GatewayConfig } from '../config.js';
import { GatewayError } from '../errors/gateway.error.js';
import type { CachedIntrospection } from '../introspection/cached-introspection.js';
import { loadOrCreatePartyTokenKey, type PartyTokenKey } from '../keys/party-token-key.js';
import { mintPartyToken } from '../party-token/mint-party-token.js';
import type { Caller } from './caller.js';
import { EdgeAuthenticator } from './edge-authenticator.js';
import type { IdentityJwtVerifier } from './identity-jwt.verifier.js';
import { OwnPartyTokenVerifier } from './own-party-token.verifier.js';

const alice: Caller = {
  sub: 'alice',
  party: { kind: 'member', id: 'M-100001' },
  scopes: ['claims:read'],
  exp: Math.floor(Date.now() / 1000) + 300,
  source: 'introspection',
};

let dir: string;
let key: PartyTokenKey;
let config: GatewayConfig;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-edge-'));
  key = await loadOrCreatePartyTokenKey(dir);
  config = GatewayEnvSchema.parse({
    IDENTITY_ISSUER: 'http://127.0.0.1:1',
    INTROSPECTION_CLIENT_SECRET: 'x',
    SERVICE_URLS: 'claims=http://127.0.0.1:2',
    KEYS_DIR: dir,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An EdgeAuthenticator whose collaborators that would call identity are recording stubs. */
function setup(off: string, introspection: { active: boolean } = { active: false }) {
  const warn = vi.fn();
  const log = { warn } as unknown as Logger;
  const check = vi.fn(
    (): Promise<
      { active: true; caller: typeof alice } | { active: false; reason: string; revoked?: boolean }
    > =>
      Promise.resolve(
        introspection.active
          ? { active: true as const, caller: alice }
          : { active: false as const, reason: 'token is not active' },
      ),
  );
  const verifyLocal = vi.fn(() =>
    Promise.resolve({ ok: true as const, caller: { ...alice, source: 'local-jwt' as const } }),
  );
  const edge = new EdgeAuthenticator(
    DefenseSwitches.fromSetting(off, 'test'),
    log,
    { check } as unknown as CachedIntrospection,
    new OwnPartyTokenVerifier(key, config),
    { verify: verifyLocal } as unknown as IdentityJwtVerifier,
  );
  return { edge, warn, check, verifyLocal };
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

const ownPartyToken = () =>
  mintPartyToken(key, {
    issuer: config.GATEWAY_ISSUER,
    service: 'claims',
    caller: { ...alice, sub: 'carol', party: { kind: 'adjuster', id: 'E-2001' } },
    scopes: ['claims:read'],
  });

describe('EdgeAuthenticator', () => {
  it('answers a request without a bearer with TOKEN_MISSING and a bare challenge', async () => {
    const error = await refusal(setup('').edge.authenticate(undefined, 'cid'));
    expect(error.code).toBe('AUTH.TOKEN_MISSING');
    expect(error.extra.wwwAuthenticate).toBe('Bearer realm="claimguard"');
  });

  it('introspects an opaque token and returns its caller', async () => {
    const { edge, check } = setup('', { active: true });
    await expect(edge.authenticate('Bearer opaque-token', 'cid')).resolves.toEqual(alice);
    expect(check).toHaveBeenCalledWith('opaque-token');
  });

  it('refuses an inactive opaque token with invalid_token, as the phantom-token check', async () => {
    const error = await refusal(setup('').edge.authenticate('Bearer opaque-token', 'cid'));
    expect(error.code).toBe('AUTH.TOKEN_INVALID');
    expect(error.extra.wwwAuthenticate).toBe('Bearer realm="claimguard", error="invalid_token"');
    expect(error.extra.audit?.defense).toBe('phantom-token');
  });

  it('names revocation when the refused token was dropped from the cache by a revocation', async () => {
    const { edge, check } = setup('');
    check.mockResolvedValueOnce({ active: false, reason: 'token is not active', revoked: true });
    const error = await refusal(edge.authenticate('Bearer opaque-token', 'cid'));
    expect(error.code).toBe('AUTH.TOKEN_INVALID');
    expect(error.extra.audit?.defense).toBe('revocation');
  });

  it('refuses our own party token at the edge while party-token is on, naming the defense', async () => {
    const { edge, check } = setup('', { active: true });
    const error = await refusal(edge.authenticate(`Bearer ${await ownPartyToken()}`, 'cid'));
    expect(error.code).toBe('AUTH.TOKEN_INVALID');
    expect(error.extra.audit?.defense).toBe('party-token');
    expect(check).not.toHaveBeenCalled();
  });

  it('trusts our own party token when party-token is off, and audits it', async () => {
    const { edge, warn } = setup('party-token');
    const caller = await edge.authenticate(`Bearer ${await ownPartyToken()}`, 'cid-1');
    expect(caller).toMatchObject({
      sub: 'carol',
      party: { kind: 'adjuster', id: 'E-2001' },
      source: 'own-party-token',
    });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'defense.off',
        defense: 'party-token',
        correlationId: 'cid-1',
      }),
      expect.any(String),
    );
  });

  it('does not trust a party token signed by another key even with party-token off', async () => {
    const { edge, check } = setup('party-token');
    const otherDir = await mkdtemp(join(tmpdir(), 'gateway-other-'));
    try {
      const other = await loadOrCreatePartyTokenKey(otherDir);
      const forged = await mintPartyToken(other, {
        issuer: config.GATEWAY_ISSUER,
        service: 'claims',
        caller: alice,
        scopes: ['claims:read'],
      });
      const error = await refusal(edge.authenticate(`Bearer ${forged}`, 'cid'));
      expect(error.code).toBe('AUTH.TOKEN_INVALID');
      expect(check).toHaveBeenCalled();
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('sends a JWT bearer to introspection while phantom-token is on', async () => {
    const { edge, check, verifyLocal } = setup('');
    const error = await refusal(
      edge.authenticate('Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'cid'),
    );
    expect(check).toHaveBeenCalled();
    expect(verifyLocal).not.toHaveBeenCalled();
    expect(error.extra.audit?.defense).toBe('phantom-token');
  });

  it('verifies a JWT bearer locally without introspection when phantom-token is off, and audits it', async () => {
    const { edge, check, verifyLocal, warn } = setup('phantom-token');
    const caller = await edge.authenticate(
      'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      'cid',
    );
    expect(caller.source).toBe('local-jwt');
    expect(verifyLocal).toHaveBeenCalled();
    expect(check).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ defense: 'phantom-token' }),
      expect.any(String),
    );
  });
});
