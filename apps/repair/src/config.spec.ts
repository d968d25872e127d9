import { describe, expect, it } from 'vitest';
import { ConfigError } from '@claimguard/config';
import { loadRepairConfig } from './config.js';

describe('loadRepairConfig, trust URLs in production', () => {
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
      loadRepairConfig(env);
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
