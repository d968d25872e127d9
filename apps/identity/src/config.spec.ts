import { ConfigError } from '@claimguard/config';
import { describe, expect, it } from 'vitest';
import { loadIdentityConfig, loadSeedConfig } from './config.js';

const valid = {
  NODE_ENV: 'test',
  ISSUER: 'http://localhost:4000',
  DATABASE_URL: 'postgresql://claimguard_identity@127.0.0.1:5432/claimguard_identity',
  KEYS_DIR: '/tmp/keys',
  WEB_CLIENT_SECRET: 'w'.repeat(43),
  GATEWAY_CLIENT_SECRET: 'g'.repeat(43),
};

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadIdentityConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('identity configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadIdentityConfig(valid);
    expect(config).toMatchObject({
      PORT: 4000,
      API_AUDIENCE: 'https://api.claimguard.local',
      ACCESS_TOKEN_TTL_SECONDS: 300,
      WEB_REDIRECT_URIS: ['http://localhost:3000/auth/callback'],
      CLI_REDIRECT_URIS: ['http://127.0.0.1:8765/callback'],
      SEED_DEMO_USERS: false,
    });
    expect(config.defenses.isOn('phantom-token')).toBe(true);
  });

  it('splits comma-separated redirect URIs', () => {
    const config = loadIdentityConfig({
      ...valid,
      WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback, https://web.example/auth/callback',
    });
    expect(config.WEB_REDIRECT_URIS).toEqual([
      'http://localhost:3000/auth/callback',
      'https://web.example/auth/callback',
    ]);
  });

  it('lists every missing required key at once', () => {
    const issues = issuesOf({ NODE_ENV: 'test' });
    for (const key of [
      'ISSUER',
      'DATABASE_URL',
      'KEYS_DIR',
      'WEB_CLIENT_SECRET',
      'GATEWAY_CLIENT_SECRET',
    ]) {
      expect(issues.some((i) => i.startsWith(`${key}:`))).toBe(true);
    }
  });

  it('has no default client secret and refuses short or shared ones', () => {
    expect(issuesOf({ ...valid, WEB_CLIENT_SECRET: 'secret' })[0]).toMatch(/^WEB_CLIENT_SECRET:/);
    expect(issuesOf({ ...valid, GATEWAY_CLIENT_SECRET: valid.WEB_CLIENT_SECRET })[0]).toMatch(
      /^GATEWAY_CLIENT_SECRET: must differ/,
    );
  });

  it('refuses a redirect URI that is not http(s) and an issuer with a trailing slash', () => {
    expect(issuesOf({ ...valid, CLI_REDIRECT_URIS: 'javascript:alert(1)' })[0]).toMatch(
      /^CLI_REDIRECT_URIS/,
    );
    expect(issuesOf({ ...valid, ISSUER: 'http://localhost:4000/' })[0]).toMatch(/^ISSUER/);
  });

  it('refuses demo users in production', () => {
    expect(issuesOf({ ...valid, NODE_ENV: 'production', SEED_DEMO_USERS: 'true' })).toEqual([
      expect.stringMatching(/^SEED_DEMO_USERS:/),
    ]);
  });

  it('needs an event key folder to publish revocations', () => {
    expect(issuesOf({ ...valid, KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual([
      expect.stringMatching(/^EVENT_KEYS_DIR:/),
    ]);
    expect(
      loadIdentityConfig({
        ...valid,
        KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
        EVENT_KEYS_DIR: '/k',
      }).KAFKA_BROKERS,
    ).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
  });

  it('reads lockout thresholds and trusted proxies, trusting none by default', () => {
    expect(loadIdentityConfig(valid)).toMatchObject({
      LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER: 10,
      LOCKOUT_SOURCE_LOCK_AFTER: 100,
      TRUSTED_PROXIES: [],
    });
    expect(
      loadIdentityConfig({ ...valid, TRUSTED_PROXIES: '10.0.0.2, ::1' }).TRUSTED_PROXIES,
    ).toEqual(['10.0.0.2', '::1']);
    expect(issuesOf({ ...valid, TRUSTED_PROXIES: 'proxy.internal' })[0]).toMatch(
      /^TRUSTED_PROXIES/,
    );
  });

  it('turns the phantom-token defense off for training, never in production', () => {
    const config = loadIdentityConfig({ ...valid, CLAIMGUARD_DEFENSES_OFF: 'phantom-token' });
    expect(config.defenses.isOn('phantom-token')).toBe(false);
    expect(() =>
      loadIdentityConfig({
        ...valid,
        NODE_ENV: 'production',
        CLAIMGUARD_DEFENSES_OFF: 'phantom-token',
      }),
    ).toThrow(/production/);
  });

  it('lets the seed command run with only a database URL, as production unless the mode is named', () => {
    expect(loadSeedConfig({ DATABASE_URL: valid.DATABASE_URL })).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: valid.DATABASE_URL,
    });
    expect(
      loadSeedConfig({ DATABASE_URL: valid.DATABASE_URL, NODE_ENV: 'development' }).NODE_ENV,
    ).toBe('development');
  });

  it('refuses http issuer and party-token URLs in production', () => {
    const production = {
      ...valid,
      NODE_ENV: 'production',
      RENTAL_CLIENT_SECRET: 'r'.repeat(43),
      PARTY_TOKEN_ISSUER: 'http://gateway.claimguard.example',
      PARTY_TOKEN_JWKS_URL: 'http://gateway.claimguard.example/.well-known/jwks.json',
    };
    expect(issuesOf(production).map((issue) => issue.split(':')[0])).toEqual([
      'ISSUER',
      'PARTY_TOKEN_ISSUER',
      'PARTY_TOKEN_JWKS_URL',
    ]);
    expect(
      issuesOf({
        ...production,
        ISSUER: 'https://identity.claimguard.example',
        PARTY_TOKEN_ISSUER: 'https://gateway.claimguard.example',
        PARTY_TOKEN_JWKS_URL: 'https://gateway.claimguard.example/.well-known/jwks.json',
      }),
    ).toEqual([]);
    expect(issuesOf({ ...production, NODE_ENV: 'test' })).toEqual([]);
  });
});
