import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@claimguard/observability';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentityConfig, type IdentityConfig } from '../config.js';
import type { IdentityDb } from '../database.js';
import { loadOrCreateKeys, type IdentityKeys } from '../keys.js';
import { ACR_MFA, ACR_PASSWORD } from '@claimguard/contracts';
import { apiResourceServer, buildOidcConfiguration, loginPolicy } from './configuration.js';

const env = {
  NODE_ENV: 'test',
  ISSUER: 'http://127.0.0.1:4000',
  DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
  KEYS_DIR: '/unused',
  WEB_CLIENT_SECRET: 'w'.repeat(43),
  GATEWAY_CLIENT_SECRET: 'g'.repeat(43),
};

describe('apiResourceServer', () => {
  it('issues opaque access tokens while the phantom-token defense is on', () => {
    expect(apiResourceServer(loadIdentityConfig(env))).toEqual({
      audience: 'https://api.claimguard.local',
      scope: expect.stringContaining('claims:read') as string,
      accessTokenTTL: 300,
      accessTokenFormat: 'opaque',
    });
  });

  it('issues ES256 JWT access tokens when phantom-token is off (training)', () => {
    const config = loadIdentityConfig({ ...env, CLAIMGUARD_DEFENSES_OFF: 'phantom-token' });
    expect(apiResourceServer(config)).toMatchObject({
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'ES256' } },
    });
  });
});

describe('OpenID Provider configuration', () => {
  let dir: string;
  let keys: IdentityKeys;
  let config: IdentityConfig;
  let metadata: Record<string, unknown>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-config-'));
    keys = await loadOrCreateKeys(dir);
    config = loadIdentityConfig(env);
    const provider = new Provider(
      config.ISSUER,
      buildOidcConfiguration({
        config,
        keys,
        db: {} as IdentityDb,
        users: { findById: () => Promise.resolve(undefined) },
        log: createLogger('identity', 'silent'),
      }),
    );
    const server = provider.listen(0);
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    metadata = (await response.json()) as Record<string, unknown>;
    server.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('advertises only the code flow with PKCE S256', () => {
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('pins ES256 for ID tokens and allows only basic or no client authentication', () => {
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'none']);
  });

  it('exposes introspection and revocation but no userinfo, registration or device flow', () => {
    expect(metadata.issuer).toBe(config.ISSUER);
    expect(metadata.introspection_endpoint).toMatch(/\/token\/introspection$/);
    expect(metadata.revocation_endpoint).toMatch(/\/token\/revocation$/);
    expect(metadata).not.toHaveProperty('userinfo_endpoint');
    expect(metadata).not.toHaveProperty('registration_endpoint');
    expect(metadata).not.toHaveProperty('device_authorization_endpoint');
  });

  it('offers the OIDC and API scopes', () => {
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
  });

  it('puts the party in ID tokens (a claim of the openid scope)', () => {
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'party']));
  });
});

describe('loginPolicy', () => {
  const check = loginPolicy().get('login')?.checks.get('mfa_requested');
  const ctx = (acrValues: string | undefined, sessionAcr: string | undefined) =>
    ({ oidc: { params: { acr_values: acrValues }, session: { acr: sessionAcr } } }) as never;

  it('prompts for a login again when the client asks for MFA over a password-only session', () => {
    expect(check?.check(ctx(ACR_MFA, ACR_PASSWORD))).toBe(true);
    expect(check?.check(ctx(`${ACR_PASSWORD} ${ACR_MFA}`, undefined))).toBe(true);
  });

  it('does not prompt when the session is MFA already or MFA was not asked for', () => {
    expect(check?.check(ctx(ACR_MFA, ACR_MFA))).toBe(false);
    expect(check?.check(ctx(undefined, ACR_PASSWORD))).toBe(false);
    expect(check?.check(ctx(ACR_PASSWORD, ACR_PASSWORD))).toBe(false);
  });
});
