import { describe, expect, it } from 'vitest';
import { ConfigError } from '@claimguard/config';
import { loadGatewayConfig } from './config.js';

const minimal = {
  IDENTITY_ISSUER: 'http://localhost:4000/',
  INTROSPECTION_CLIENT_SECRET: 's3cret',
  SERVICE_URLS: 'claims=http://127.0.0.1:7001, towing=http://127.0.0.1:7002',
  KEYS_DIR: '.keys/dev',
};

describe('loadGatewayConfig', () => {
  it('applies the documented defaults', () => {
    const { config, switches } = loadGatewayConfig(minimal);
    expect(config).toMatchObject({
      PORT: 8080,
      GATEWAY_ISSUER: 'http://localhost:8080',
      IDENTITY_ISSUER: 'http://localhost:4000',
      API_AUDIENCE: 'https://api.claimguard.local',
      INTROSPECTION_CLIENT_ID: 'claimguard-gateway',
      INTROSPECTION_CACHE_MAX_SECONDS: 30,
    });
    expect([...config.SERVICE_URLS]).toEqual([
      ['claims', 'http://127.0.0.1:7001'],
      ['towing', 'http://127.0.0.1:7002'],
    ]);
    expect(switches.report().mode).toBe('secure');
  });

  it('lists every bad key at once', () => {
    try {
      loadGatewayConfig({ SERVICE_URLS: 'claims=ftp://x,Bad=http://y' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).issues.join('\n');
      for (const key of [
        'IDENTITY_ISSUER',
        'INTROSPECTION_CLIENT_SECRET',
        'KEYS_DIR',
        'SERVICE_URLS',
      ]) {
        expect(text).toContain(key);
      }
    }
  });

  it('refuses a service URL with a path, so paths only come from matched routes', () => {
    expect(() =>
      loadGatewayConfig({ ...minimal, SERVICE_URLS: 'claims=http://127.0.0.1:7001/admin' }),
    ).toThrow(ConfigError);
  });

  it('refuses training switches in production', () => {
    expect(() =>
      loadGatewayConfig({
        ...minimal,
        NODE_ENV: 'production',
        CLAIMGUARD_DEFENSES_OFF: 'party-token',
      }),
    ).toThrow(/production/);
  });
});
