import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORRELATION_HEADER, DEMO_PERSONAS, type DefenseId } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  authorize,
  ensureDatabase,
  exchangeCode,
  freePort,
  migrateDatabase,
  type OidcLoginOptions,
} from '@claimguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIdentityConfig, type IdentityConfig } from '../src/config.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';

/**
 * The training paths of `redirect-uri`, `pkce` and `code-single-use`, in-process against
 * PostgreSQL: one identity whose switches are flipped at runtime (as the switchboard does), the
 * same requests refused (and audited with the response's correlation id) while a defense is on and
 * let through (audited `defense.off`) once it is off.
 */
const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  const log = Object.fromEntries(levels.map((l) => [l, vi.fn()])) as Record<string, unknown>;
  log.child = () => log;
  return log as unknown as Logger & Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}
type RecordingLogger = ReturnType<typeof recordingLogger>;
interface AuditLine {
  audit?: boolean;
  action?: string;
  defense?: string;
  correlationId?: string;
  sub?: string;
}
function auditLines(log: RecordingLogger): AuditLine[] {
  return log.warn.mock.calls
    .map((c) => c[0] as AuditLine | undefined)
    .filter((l): l is AuditLine => !!l?.audit);
}

function alice(issuer: string, extra: Partial<OidcLoginOptions> = {}): OidcLoginOptions {
  const persona = DEMO_PERSONAS.find((p) => p.username === 'alice');
  return {
    issuer,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT,
    username: 'alice',
    password: persona?.password ?? '',
    scope: 'openid claims:read',
    ...extra,
  };
}

function authUrl(issuer: string, params: Record<string, string>): URL {
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'claimguard-cli',
    redirect_uri: CLI_REDIRECT,
    scope: 'openid',
    state: 'xyz',
    ...params,
  }).toString();
  return url;
}

describe('identity OAuth training paths (switches flipped at runtime)', () => {
  let keysDir: string;
  let server: IdentityServer;
  let issuer: string;
  let config: IdentityConfig;
  let log: RecordingLogger;

  const set = (off: DefenseId[]) => config.defenses.apply(off, config.defenses.version + 1);

  beforeAll(async () => {
    const databaseUrl = await ensureDatabase('claimguard_it_identity_oauth');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-oauth-it-'));
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    log = recordingLogger();
    config = loadIdentityConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      ISSUER: issuer,
      DATABASE_URL: databaseUrl,
      KEYS_DIR: keysDir,
      WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      GATEWAY_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      SEED_DEMO_USERS: 'true',
      RATE_LIMIT_LOGIN_PER_IP: '10000',
      RATE_LIMIT_TOKEN_PER_IP: '10000',
    });
    server = await createIdentityServer(config, { log });
    await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    set([]);
    log.warn.mockClear();
  });

  describe('redirect-uri', () => {
    const variants = [
      'http://127.0.0.1:8765/callback/attacker',
      'http://127.0.0.1:8765/callback?next=https%3A%2F%2Fevil.example%2F',
      'http://127.0.0.1:8765/%63allback',
      'http://127.0.0.1:8765/CALLBACK',
    ];

    it('refuses each variant with 400 and an audit line carrying the correlation id while on', async () => {
      for (const redirectUri of variants) {
        const response = await fetch(
          authUrl(issuer, {
            redirect_uri: redirectUri,
            code_challenge: CHALLENGE,
            code_challenge_method: 'S256',
          }),
          { redirect: 'manual' },
        );
        expect(response.status, redirectUri).toBe(400);
        const correlationId = response.headers.get(CORRELATION_HEADER);
        expect(correlationId).toBeTruthy();
        expect(auditLines(log)).toContainEqual(
          expect.objectContaining({
            action: 'authz.denied',
            defense: 'redirect-uri',
            correlationId,
          }),
        );
      }
    });

    it('sends the code to each variant once off, and the attacker redeems it', async () => {
      set(['redirect-uri']);
      for (const redirectUri of variants) {
        const options = alice(issuer, { redirectUri });
        const outcome = await authorize(options);
        expect(outcome.kind, redirectUri).toBe('code');
        if (outcome.kind !== 'code') continue;
        const tokens = await exchangeCode(options, outcome);
        expect(tokens.access_token).toBeTruthy();
      }
      const offLines = auditLines(log).filter((l) => l.action === 'defense.off');
      expect(offLines.some((l) => l.defense === 'redirect-uri' && l.sub)).toBe(true);
    });

    it('still refuses another host with the lax matcher', async () => {
      set(['redirect-uri']);
      const response = await fetch(
        authUrl(issuer, {
          redirect_uri: 'http://evil.example/callback',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      expect(response.status).toBe(400);
    });
  });

  describe('pkce', () => {
    it('refuses a request without code_challenge while on (redirected error, audited)', async () => {
      const response = await fetch(authUrl(issuer, {}), { redirect: 'manual' });
      const location = new URL(response.headers.get('location') ?? '', issuer);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      const correlationId = response.headers.get(CORRELATION_HEADER);
      expect(auditLines(log)).toContainEqual(
        expect.objectContaining({ action: 'authz.denied', defense: 'pkce', correlationId }),
      );
    });

    it('issues a code without PKCE once off, redeemable without a code_verifier', async () => {
      set(['pkce']);
      const options = alice(issuer, { withoutPkce: true });
      const outcome = await authorize(options);
      expect(outcome.kind).toBe('code');
      if (outcome.kind !== 'code') return;
      expect(outcome.verifier).toBe('');
      const tokens = await exchangeCode(options, outcome);
      expect(tokens.access_token).toBeTruthy();
      expect(auditLines(log)).toContainEqual(
        expect.objectContaining({
          action: 'defense.off',
          defense: 'pkce',
          sub: expect.any(String) as string,
        }),
      );
    });

    it('still refuses code_challenge_method=plain when off (oidc-provider v9 has S256 only)', async () => {
      set(['pkce']);
      const outcome = await authorize(
        alice(issuer, { extraParams: { code_challenge_method: 'plain' } }),
      );
      expect(outcome).toMatchObject({ kind: 'error', error: 'invalid_request' });
    });

    it('still checks a code_verifier when the code was bound to a challenge', async () => {
      set(['pkce']);
      const options = alice(issuer);
      const outcome = await authorize(options);
      if (outcome.kind !== 'code') throw new Error(outcome.kind);
      await expect(exchangeCode(options, { ...outcome, verifier: '' })).rejects.toThrow(
        /invalid_grant/,
      );
    });
  });

  describe('code-single-use', () => {
    it('refuses a replayed code while on, audited with the correlation id', async () => {
      const options = alice(issuer);
      const outcome = await authorize(options);
      if (outcome.kind !== 'code') throw new Error(outcome.kind);
      await exchangeCode(options, outcome);
      const replay = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: outcome.code,
          redirect_uri: CLI_REDIRECT,
          code_verifier: outcome.verifier,
          client_id: 'claimguard-cli',
        }),
      });
      expect(replay.status).toBe(400);
      const correlationId = replay.headers.get(CORRELATION_HEADER);
      expect(auditLines(log)).toContainEqual(
        expect.objectContaining({
          action: 'token.rejected',
          defense: 'code-single-use',
          correlationId,
        }),
      );
    });

    it('redeems a used code again once off, and audits it with the sub', async () => {
      set(['code-single-use']);
      const options = alice(issuer);
      const outcome = await authorize(options);
      if (outcome.kind !== 'code') throw new Error(outcome.kind);
      const first = await exchangeCode(options, outcome);
      const second = await exchangeCode(options, outcome);
      expect(second.access_token).not.toBe(first.access_token);
      expect(auditLines(log)).toContainEqual(
        expect.objectContaining({
          action: 'defense.off',
          defense: 'code-single-use',
          sub: expect.any(String) as string,
        }),
      );
    });
  });
});
