import { describe, expect, it } from 'vitest';
import { ConfigError } from '@claimguard/config';
import { loadGatewayConfig } from './config.js';

const minimal = {
  // Named: an unset NODE_ENV is production.
  NODE_ENV: 'development',
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

  it('documents rate-limit, revocation and metrics defaults', () => {
    const { config } = loadGatewayConfig(minimal);
    expect(config).toMatchObject({
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_PER_IP: 1200,
      RATE_LIMIT_PER_USER: 600,
      RATE_LIMIT_EXPENSIVE_PER_USER: 30,
      // Filing a claim, and attaching a photo (claims fetches it from the member's URL).
      RATE_LIMIT_EXPENSIVE_ROUTES: [
        { method: 'POST', path: '/api/claims' },
        { method: 'POST', path: '/api/claims/:id/photos' },
      ],
      TRUSTED_PROXIES: [],
      CORS_ALLOWED_ORIGINS: [],
      METRICS_HOST: '127.0.0.1',
      METRICS_PORT: 9464,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.KAFKA_BROKERS).toBeUndefined();
  });

  it('parses expensive routes and trusted proxies, refusing a route without a method', () => {
    const { config } = loadGatewayConfig({
      ...minimal,
      RATE_LIMIT_EXPENSIVE_ROUTES: 'POST /api/claims/, PUT /api/repair/orders/:id/estimate',
      TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1',
    });
    expect(config.RATE_LIMIT_EXPENSIVE_ROUTES).toEqual([
      { method: 'POST', path: '/api/claims' },
      { method: 'PUT', path: '/api/repair/orders/:id/estimate' },
    ]);
    expect(config.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() =>
      loadGatewayConfig({ ...minimal, RATE_LIMIT_EXPENSIVE_ROUTES: '/api/claims' }),
    ).toThrow(/RATE_LIMIT_EXPENSIVE_ROUTES/);
  });

  it('parses the CORS allow-list as exact origins, refusing a path, a wildcard or a bare host', () => {
    const { config } = loadGatewayConfig({
      ...minimal,
      CORS_ALLOWED_ORIGINS: 'https://app.example, http://localhost:3000/',
    });
    expect(config.CORS_ALLOWED_ORIGINS).toEqual(['https://app.example', 'http://localhost:3000']);
    for (const bad of ['https://app.example/path', '*', 'app.example', 'null']) {
      expect(() => loadGatewayConfig({ ...minimal, CORS_ALLOWED_ORIGINS: bad })).toThrow(
        /CORS_ALLOWED_ORIGINS/,
      );
    }
  });

  it('needs the event trust store with a broker, and a broker in production', () => {
    expect(() => loadGatewayConfig({ ...minimal, KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(
      /EVENT_KEYS_DIR/,
    );
    expect(() => loadGatewayConfig({ ...minimal, NODE_ENV: 'production' })).toThrow(
      /KAFKA_BROKERS/,
    );
    const { config } = loadGatewayConfig({
      ...minimal,
      KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093',
      EVENT_KEYS_DIR: '/keys/events',
    });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
  });

  it('takes its mTLS files all three or none, and requires them and https services in production', () => {
    const tls = {
      TLS_CERT_FILE: 'gateway.crt',
      TLS_KEY_FILE: 'gateway.key',
      TLS_CA_FILE: 'ca.crt',
    };
    expect(loadGatewayConfig({ ...minimal, ...tls }).config.TLS_CA_FILE).toBe('ca.crt');
    expect(() => loadGatewayConfig({ ...minimal, TLS_CERT_FILE: 'gateway.crt' })).toThrow(
      /TLS_KEY_FILE: required with TLS_CERT_FILE/,
    );
    const production = {
      ...minimal,
      NODE_ENV: 'production',
      KAFKA_BROKERS: '127.0.0.1:9092',
      EVENT_KEYS_DIR: '/keys/events',
    };
    expect(() => loadGatewayConfig(production)).toThrow(
      /TLS_CERT_FILE: required when NODE_ENV=production/,
    );
    expect(() => loadGatewayConfig({ ...production, ...tls })).toThrow(
      /must be https in production/,
    );
    const secure = loadGatewayConfig({
      ...production,
      ...tls,
      GATEWAY_ISSUER: 'https://gateway.claimguard.example',
      IDENTITY_ISSUER: 'https://identity.claimguard.example',
      SERVICE_URLS: 'claims=https://claims.internal:7001',
    });
    expect(secure.config.SERVICE_URLS.get('claims')).toBe('https://claims.internal:7001');
  });

  it('refuses http issuers in production: their discovery and keys decide whom it trusts', () => {
    const production = {
      ...minimal,
      NODE_ENV: 'production',
      KAFKA_BROKERS: '127.0.0.1:9092',
      EVENT_KEYS_DIR: '/keys/events',
      TLS_CERT_FILE: 'gateway.crt',
      TLS_KEY_FILE: 'gateway.key',
      TLS_CA_FILE: 'ca.crt',
      SERVICE_URLS: 'claims=https://claims.internal:7001',
      GATEWAY_ISSUER: 'http://gateway.claimguard.example',
      IDENTITY_ISSUER: 'http://identity.claimguard.example',
    };
    let issues: string[] = [];
    try {
      loadGatewayConfig(production);
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    expect(issues.map((issue) => issue.split(':')[0])).toEqual([
      'GATEWAY_ISSUER',
      'IDENTITY_ISSUER',
    ]);
    // Outside production the stacks run them on plain http over loopback.
    expect(() =>
      loadGatewayConfig({ ...production, NODE_ENV: 'test', SERVICE_URLS: minimal.SERVICE_URLS }),
    ).not.toThrow();
  });
});
