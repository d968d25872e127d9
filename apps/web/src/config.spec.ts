import { ConfigError } from '@claimguard/config';
import { describe, expect, it } from 'vitest';
import { loadWebConfig } from './config';

const env = {
  ISSUER: 'http://localhost:14000/',
  WEB_CLIENT_SECRET: 's'.repeat(43),
  WEB_BASE_URL: 'http://localhost:13000',
  GATEWAY_URL: 'http://127.0.0.1:18080',
  KEYS_DIR: '/tmp/keys',
};

describe('loadWebConfig', () => {
  it('derives the redirect URI and plain-http cookies from the base URL', () => {
    const config = loadWebConfig(env);
    expect(config).toMatchObject({
      ISSUER: 'http://localhost:14000',
      WEB_CLIENT_ID: 'claimguard-web',
      API_AUDIENCE: 'https://api.claimguard.local',
      PORT: 3000,
      redirectUri: 'http://localhost:13000/auth/callback',
      secure: false,
    });
  });

  it('turns on secure cookies and HSTS when served over https', () => {
    expect(loadWebConfig({ ...env, WEB_BASE_URL: 'https://claims.example' }).secure).toBe(true);
  });

  it('fails listing every bad key at once', () => {
    const bad = { ...env, WEB_CLIENT_SECRET: 'short', GATEWAY_URL: 'ftp://x', ISSUER: undefined };
    try {
      loadWebConfig(bad);
      expect.unreachable('loadWebConfig accepted a bad configuration');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).issues.map((i) => i.split(':')[0]);
      expect(keys.sort()).toEqual(['GATEWAY_URL', 'ISSUER', 'WEB_CLIENT_SECRET']);
    }
  });

  it('refuses a base URL with a path (the redirect URI would not match identity)', () => {
    expect(() => loadWebConfig({ ...env, WEB_BASE_URL: 'http://localhost:13000/app' })).toThrow(
      /WEB_BASE_URL/,
    );
  });

  it('runs no training path unless TRAINING_MODE=true (a production web app has none)', () => {
    expect(loadWebConfig(env).TRAINING_MODE).toBe(false);
    expect(loadWebConfig({ ...env, TRAINING_MODE: 'true' }).TRAINING_MODE).toBe(true);
    expect(() => loadWebConfig({ ...env, TRAINING_MODE: 'yes' })).toThrow(/TRAINING_MODE/);
  });
});
