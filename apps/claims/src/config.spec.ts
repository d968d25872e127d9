import { describe, expect, it } from 'vitest';
import { ConfigError } from '@claimguard/config';
import { loadClaimsConfig } from './config.js';

const minimal = {
  // Named: an unset NODE_ENV is production.
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://claims@127.0.0.1/claims',
  KAFKA_BROKERS: '127.0.0.1:9092',
  PARTY_TOKEN_ISSUER: 'http://localhost:8080',
  PARTY_TOKEN_JWKS_URL: 'http://127.0.0.1:8080/.well-known/jwks.json',
  EVENT_KEYS_DIR: '.keys/dev/events',
};

const TLS = {
  TLS_CERT_FILE: 'claims.crt',
  TLS_KEY_FILE: 'claims.key',
  TLS_CA_FILE: 'ca.crt',
};

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadClaimsConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('loadClaimsConfig, the photo fetch settings', () => {
  it('has no test seams by default: system CAs, no hosts file, no public stand-in', () => {
    const config = loadClaimsConfig(minimal);
    expect(config.PHOTO_CA_FILE).toBeUndefined();
    expect([...config.PHOTO_TEST_HOSTS]).toEqual([]);
    expect(config.PHOTO_TEST_PUBLIC_ADDRESSES).toEqual([]);
    expect(config.PHOTO_URL_ALLOWED_HOSTS).toEqual([]);
  });

  it('reads a test hosts file and public stand-ins on loopback outside production', () => {
    const config = loadClaimsConfig({
      ...minimal,
      NODE_ENV: 'test',
      PHOTO_CA_FILE: '.keys/test/pki/ca.crt',
      PHOTO_TEST_HOSTS: 'Photos.Claimguard.Test=127.0.0.2, v6.test=::1',
      PHOTO_TEST_PUBLIC_ADDRESSES: '127.0.0.2',
    });
    expect([...config.PHOTO_TEST_HOSTS]).toEqual([
      ['photos.claimguard.test', '127.0.0.2'],
      ['v6.test', '::1'],
    ]);
    expect(config.PHOTO_TEST_PUBLIC_ADDRESSES).toEqual(['127.0.0.2']);
  });

  it('refuses any address off loopback: a stack contacts nothing else', () => {
    expect(issuesOf({ ...minimal, PHOTO_TEST_HOSTS: 'photos.test=10.0.0.5' })).toEqual([
      'PHOTO_TEST_HOSTS: not name=loopback-address: photos.test=10.0.0.5',
    ]);
    expect(issuesOf({ ...minimal, PHOTO_TEST_PUBLIC_ADDRESSES: '127.0.0.2,8.8.8.8' })).toEqual([
      'PHOTO_TEST_PUBLIC_ADDRESSES: not loopback: 8.8.8.8',
    ]);
  });

  it('refuses every photo test seam in production', () => {
    const production = {
      ...minimal,
      ...TLS,
      NODE_ENV: 'production',
      PARTY_TOKEN_ISSUER: 'https://gateway.claimguard.example',
      PARTY_TOKEN_JWKS_URL: 'https://gateway.claimguard.example/.well-known/jwks.json',
    };
    expect(issuesOf(production)).toEqual([]);
    expect(
      issuesOf({
        ...production,
        PHOTO_CA_FILE: 'ca.crt',
        PHOTO_TEST_HOSTS: 'photos.test=127.0.0.2',
        PHOTO_TEST_PUBLIC_ADDRESSES: '127.0.0.2',
      }),
    ).toEqual([
      'PHOTO_CA_FILE: not allowed when NODE_ENV=production (dev/test stacks only)',
      'PHOTO_TEST_HOSTS: not allowed when NODE_ENV=production (dev/test stacks only)',
      'PHOTO_TEST_PUBLIC_ADDRESSES: not allowed when NODE_ENV=production (dev/test stacks only)',
    ]);
  });
});

describe('loadClaimsConfig, trust URLs in production', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://svc@127.0.0.1/svc',
    KAFKA_BROKERS: '127.0.0.1:9092',
    EVENT_KEYS_DIR: '.keys/dev/events',
    TLS_CERT_FILE: 'svc.crt',
    TLS_KEY_FILE: 'svc.key',
    TLS_CA_FILE: 'ca.crt',
    PARTY_TOKEN_ISSUER: 'https://gateway.claimguard.example',
    PARTY_TOKEN_JWKS_URL: 'https://gateway.claimguard.example/.well-known/jwks.json',
    EXCHANGED_TOKEN_ISSUER: 'https://identity.claimguard.example',
    EXCHANGED_TOKEN_JWKS_URL: 'https://identity.claimguard.example/jwks',
  };
  const plain = {
    PARTY_TOKEN_ISSUER: 'http://gateway.claimguard.example',
    PARTY_TOKEN_JWKS_URL: 'http://gateway.claimguard.example/.well-known/jwks.json',
    EXCHANGED_TOKEN_ISSUER: 'http://identity.claimguard.example',
    EXCHANGED_TOKEN_JWKS_URL: 'http://identity.claimguard.example/jwks',
  };
  const refused = (env: Record<string, string>): string[] => {
    try {
      loadClaimsConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError)
        return error.issues.map((issue) => issue.split(':')[0] ?? '');
      throw error;
    }
  };

  it('refuses http issuers, JWKS and token URLs in production, and takes https', () => {
    expect(refused(production)).toEqual([]);
    expect(refused({ ...production, ...plain })).toEqual([
      'PARTY_TOKEN_ISSUER',
      'PARTY_TOKEN_JWKS_URL',
      'EXCHANGED_TOKEN_ISSUER',
      'EXCHANGED_TOKEN_JWKS_URL',
    ]);
  });

  it('takes them on plain http outside production (dev and test stacks, loopback)', () => {
    expect(refused({ ...production, ...plain, NODE_ENV: 'test' })).toEqual([]);
  });
});
