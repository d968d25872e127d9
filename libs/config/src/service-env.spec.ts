import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnv, ConfigError } from './load-config.js';
import { serviceEnv } from './service-env.js';
import { loadConfigWithDefenses } from './with-defenses.js';

const Schema = z.object({ ...baseEnv, ...serviceEnv, PORT: baseEnv.PORT.default(7999) });

const VALID = {
  // Named: an unset NODE_ENV is production (see the test of that below).
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/claimguard_x',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  PARTY_TOKEN_ISSUER: 'http://127.0.0.1:8080//',
  PARTY_TOKEN_JWKS_URL: 'http://127.0.0.1:8080/.well-known/jwks.json',
  EVENT_KEYS_DIR: '/tmp/claimguard-keys/events',
};

const HTTPS = {
  PARTY_TOKEN_ISSUER: 'https://gateway.claimguard.example',
  PARTY_TOKEN_JWKS_URL: 'https://gateway.claimguard.example/.well-known/jwks.json',
};

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfigWithDefenses(Schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('serviceEnv with loadConfigWithDefenses', () => {
  it('runs as production when NODE_ENV is unset: no defense off, mTLS files required', () => {
    const { NODE_ENV: _unset, ...unset } = VALID;
    const issues = issuesOf({ ...unset, CLAIMGUARD_DEFENSES_OFF: 'bola' });
    expect(issues.join('\n')).toMatch(/production/);
    expect(issuesOf(unset).some((issue) => issue.startsWith('TLS_CERT_FILE'))).toBe(true);
  });

  it('lists every missing service key at once', () => {
    const keys = issuesOf({}).map((issue) => issue.split(':')[0]);
    expect(keys).toEqual([
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'PARTY_TOKEN_ISSUER',
      'PARTY_TOKEN_JWKS_URL',
      'EVENT_KEYS_DIR',
    ]);
  });

  it('splits the brokers, drops the issuer trailing slashes and derives all-on defenses', () => {
    const config = loadConfigWithDefenses(Schema, VALID);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.PARTY_TOKEN_ISSUER).toBe('http://127.0.0.1:8080');
    expect(config.PORT).toBe(7999);
    expect(config.defenses.offIds()).toEqual([]);
  });

  it('refuses a JWKS URL that is not http(s) and a database URL that is not postgresql', () => {
    const keys = issuesOf({
      ...VALID,
      PARTY_TOKEN_JWKS_URL: 'file:///etc/jwks.json',
      DATABASE_URL: 'mysql://x',
    }).map((issue) => issue.split(':')[0]);
    expect(keys).toEqual(['DATABASE_URL', 'PARTY_TOKEN_JWKS_URL']);
  });

  it('turns off the named defenses, and refuses any in production', () => {
    const training = loadConfigWithDefenses(Schema, { ...VALID, CLAIMGUARD_DEFENSES_OFF: 'bola' });
    expect(training.defenses.offIds()).toEqual(['bola']);
    expect(() =>
      loadConfigWithDefenses(Schema, {
        ...VALID,
        NODE_ENV: 'production',
        CLAIMGUARD_DEFENSES_OFF: 'bola',
      }),
    ).toThrow(ConfigError);
  });

  it('accepts a test-only crash point outside production and refuses it in production', () => {
    const armed = loadConfigWithDefenses(Schema, {
      ...VALID,
      FAULT_INJECTION: 'exit-after-publish',
    });
    expect(armed.FAULT_INJECTION).toBe('exit-after-publish');
    expect(
      issuesOf({ ...VALID, NODE_ENV: 'production', FAULT_INJECTION: 'exit-after-publish' }),
    ).toEqual([
      'FAULT_INJECTION: not allowed when NODE_ENV=production (asked: exit-after-publish)',
    ]);
    expect(issuesOf({ ...VALID, FAULT_INJECTION: 'exit-anywhere' })[0]).toMatch(/^FAULT_INJECTION/);
  });

  it('syncs with a training switchboard outside production and refuses one in production', () => {
    const synced = loadConfigWithDefenses(Schema, {
      ...VALID,
      TRAINING_SWITCHBOARD_URL: 'http://127.0.0.1:8080/',
    });
    expect(synced.TRAINING_SWITCHBOARD_URL).toBe('http://127.0.0.1:8080');
    expect(
      issuesOf({ ...VALID, NODE_ENV: 'production', TRAINING_SWITCHBOARD_URL: 'https://gw' }),
    ).toEqual([
      'TRAINING_SWITCHBOARD_URL: not allowed when NODE_ENV=production (no runtime training switches)',
    ]);
  });

  it('takes the TLS files all three or none, and requires them in production', () => {
    const tls = { TLS_CERT_FILE: 'claims.crt', TLS_KEY_FILE: 'claims.key', TLS_CA_FILE: 'ca.crt' };
    expect(loadConfigWithDefenses(Schema, { ...VALID, ...tls }).TLS_CA_FILE).toBe('ca.crt');
    expect(issuesOf({ ...VALID, TLS_CERT_FILE: 'claims.crt' })).toEqual([
      'TLS_KEY_FILE: required with TLS_CERT_FILE',
      'TLS_CA_FILE: required with TLS_CERT_FILE',
    ]);
    const production = { ...VALID, ...HTTPS, NODE_ENV: 'production' };
    expect(issuesOf(production).map((i) => i.split(':')[0])).toEqual([
      'TLS_CERT_FILE',
      'TLS_KEY_FILE',
      'TLS_CA_FILE',
    ]);
    expect(issuesOf({ ...production, ...tls })).toEqual([]);
    // A defense switched off in production is what gets reported, TLS files or not.
    expect(issuesOf({ ...VALID, NODE_ENV: 'production', CLAIMGUARD_DEFENSES_OFF: 'bola' })).toEqual(
      [expect.stringMatching(/^CLAIMGUARD_DEFENSES_OFF: .*production/)],
    );
  });

  it('refuses http issuers and JWKS in production, and takes them over http elsewhere', () => {
    const tls = { TLS_CERT_FILE: 'claims.crt', TLS_KEY_FILE: 'claims.key', TLS_CA_FILE: 'ca.crt' };
    const production = { ...VALID, ...tls, NODE_ENV: 'production' };
    expect(issuesOf(production)).toEqual([
      expect.stringMatching(/^PARTY_TOKEN_ISSUER: must be https when NODE_ENV=production/),
      expect.stringMatching(/^PARTY_TOKEN_JWKS_URL: must be https when NODE_ENV=production/),
    ]);
    expect(issuesOf({ ...production, ...HTTPS })).toEqual([]);
    expect(issuesOf({ ...production, NODE_ENV: 'test' })).toEqual([]);
  });
});
