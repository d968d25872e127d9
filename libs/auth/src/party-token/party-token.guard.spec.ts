import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { DomainError, type DefenseId } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import type { PartyAuthOptions } from './auth-options.js';
import type { AuthenticatedParty } from './authenticated-party.js';
import { REQUIRED_SCOPES } from './decorators.js';
import { es256Jwt, type Claims } from '../testing/jws-forgery.js';
import { algForgeries } from './forged-jwt.fixture.js';
import { PartyTokenGuard } from './party-token.guard.js';
import { PartyTokenStrategy } from './party-token.strategy.js';

const GATEWAY = 'https://gateway.test';
const IDENTITY = 'https://identity.test';
const gatewayKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const identityKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = (key: KeyObject, kid: string) => ({
  keys: [{ ...key.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }],
});

const server: Server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify(
      req.url === '/identity/jwks'
        ? jwks(identityKey.publicKey, 'id-1')
        : jwks(gatewayKey.publicKey, 'gw-1'),
    ),
  );
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
afterAll(() => new Promise<void>((r) => server.close(() => r())));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const warn = vi.fn();
const logger = { warn, info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;
let defenses: DefenseSwitches;
let version = 0;
const options = (): PartyAuthOptions => ({
  service: 'claims',
  issuer: GATEWAY,
  jwksUrl: `${base}/gateway/jwks`,
  exchange: { issuer: IDENTITY, jwksUrl: `${base}/identity/jwks` },
  defenses,
  logger,
});
const reflector = {
  getAllAndOverride: (key: string) => (key === REQUIRED_SCOPES ? ['claims:read'] : undefined),
  get: () => undefined,
} as unknown as Reflector;

const now = () => Math.floor(Date.now() / 1000);
const party = { kind: 'member', id: 'M-0001' };
const partyClaims = (over: Claims = {}): Claims => ({
  iss: GATEWAY,
  aud: 'claims',
  sub: 'user-mallory',
  party,
  scope: 'claims:read',
  jti: randomUUID(),
  iat: now(),
  exp: now() + 30,
  ...over,
});
const signed = (claims: Claims, typ = 'party+jwt') =>
  es256Jwt({ alg: 'ES256', typ, kid: 'gw-1' }, claims, gatewayKey.privateKey);

/** Tokens signed by the gateway's own key whose claims `jwt-claims` refuses. */
const claimForgeries = (): Record<string, string> => {
  const { exp: _exp, ...noExp } = partyClaims();
  return {
    expired: signed(partyClaims({ iat: now() - 600, exp: now() - 540 })),
    'not yet valid': signed(partyClaims({ nbf: now() + 3600 })),
    'missing exp': signed(noExp),
    'wrong iss': signed(partyClaims({ iss: 'https://staging-gateway.test' })),
    'wrong typ': signed(partyClaims(), 'JWT'),
    'ID token': es256Jwt(
      { alg: 'ES256', typ: 'JWT', kid: 'id-1' },
      { iss: IDENTITY, aud: 'cli', sub: 'user-mallory', party, iat: now(), exp: now() + 300 },
      identityKey.privateKey,
    ),
  };
};
const forgeries = algForgeries(partyClaims(), { kid: 'gw-1', publicKey: gatewayKey.publicKey });

/** Runs the real strategy and guard on one request the way Nest would. */
async function authenticate(
  token: string,
): Promise<{ user?: AuthenticatedParty; error?: unknown }> {
  new PartyTokenStrategy(options());
  const guard = new PartyTokenGuard(reflector, options());
  const request: { headers: Record<string, string>; url: string; user?: AuthenticatedParty } = {
    headers: { authorization: `Bearer ${token}`, 'x-correlation-id': randomUUID() },
    url: '/claims',
  };
  const context = {
    getHandler: () => authenticate,
    getClass: () => PartyTokenGuard,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => {} }),
  } as unknown as ExecutionContext;
  try {
    await guard.canActivate(context);
    return request.user ? { user: request.user } : {};
  } catch (error) {
    return { error };
  }
}

const auditLines = (action: string) =>
  warn.mock.calls
    .map(([line]) => line as { action: string; defense?: string; sub?: string })
    .filter((line) => line.action === action);

function turnOff(...ids: DefenseId[]) {
  version += 1;
  defenses.apply(ids, version);
}

beforeEach(() => {
  defenses = DefenseSwitches.allOn();
  version = 0;
  warn.mockClear();
});

describe('PartyTokenGuard with the strict strategy (all defenses on)', () => {
  it('lets a genuine party token in', async () => {
    const { user } = await authenticate(signed(partyClaims()));
    expect(user?.sub).toBe('user-mallory');
    expect(auditLines('defense.off')).toHaveLength(0);
  });

  for (const [weakness, tokens] of Object.entries(forgeries)) {
    it(`refuses the ${weakness} forgery with 401 and a jwt-alg audit line`, async () => {
      for (const token of tokens) {
        warn.mockClear();
        const { error, user } = await authenticate(token);
        expect(user).toBeUndefined();
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('AUTH.TOKEN_INVALID');
        expect(auditLines('token.rejected')).toEqual([
          expect.objectContaining({ defense: 'jwt-alg' }),
        ]);
      }
    });
  }

  for (const [variant, token] of Object.entries(claimForgeries())) {
    it(`refuses a token with ${variant} with 401 and a jwt-claims audit line`, async () => {
      const { error } = await authenticate(token);
      expect((error as DomainError).code).toBe('AUTH.TOKEN_INVALID');
      expect(auditLines('token.rejected')).toEqual([
        expect.objectContaining({ defense: 'jwt-claims' }),
      ]);
    });
  }
});

describe('training paths (read per request)', () => {
  it('with jwt-alg off, lets every forgery in as its forged subject and audits defense.off', async () => {
    turnOff('jwt-alg');
    for (const [weakness, tokens] of Object.entries(forgeries)) {
      for (const token of tokens) {
        warn.mockClear();
        const { user, error } = await authenticate(token);
        expect(error, weakness).toBeUndefined();
        expect(user?.sub).toBe('user-mallory');
        expect(auditLines('defense.off')).toEqual([
          expect.objectContaining({ defense: 'jwt-alg', sub: 'user-mallory', party }),
        ]);
      }
    }
  });

  it('with jwt-alg off, still refuses claim forgeries (jwt-claims stays on)', async () => {
    turnOff('jwt-alg');
    for (const token of Object.values(claimForgeries())) {
      expect((await authenticate(token)).error).toBeInstanceOf(DomainError);
    }
  });

  it('with jwt-claims off, lets every claim forgery in and audits defense.off', async () => {
    turnOff('jwt-claims');
    for (const [variant, token] of Object.entries(claimForgeries())) {
      warn.mockClear();
      const { user, error } = await authenticate(token);
      expect(error, variant).toBeUndefined();
      expect(user?.sub).toBe('user-mallory');
      expect(user?.scopes).toContain('claims:read');
      expect(auditLines('defense.off')).toEqual([
        expect.objectContaining({ defense: 'jwt-claims', sub: 'user-mallory' }),
      ]);
    }
  });

  it('with jwt-claims off, still refuses alg forgeries (jwt-alg stays on)', async () => {
    turnOff('jwt-claims');
    for (const token of Object.values(forgeries).flat()) {
      expect((await authenticate(token)).error).toBeInstanceOf(DomainError);
    }
  });

  it('reads the switch per request: turned back on, the same forgery is refused', async () => {
    const [token] = forgeries['alg-none'];
    turnOff('jwt-alg');
    expect((await authenticate(token ?? '')).user).toBeDefined();
    turnOff();
    expect((await authenticate(token ?? '')).error).toBeInstanceOf(DomainError);
  });
});
