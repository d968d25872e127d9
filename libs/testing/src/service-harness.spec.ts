import { describe, expect, it } from 'vitest';
import { bootService, expectError, serviceEnv, serviceSet } from './service-harness.js';

/** A stand-in app: records what the harness does to it. */
function fakeApp() {
  const calls: string[] = [];
  return {
    calls,
    listen: (options: { port: number; host: string }) => {
      calls.push(`listen ${options.host}:${options.port}`);
      return Promise.resolve();
    },
    getUrl: () => Promise.resolve('http://127.0.0.1:4321'),
    close: () => {
      calls.push('close');
      return Promise.resolve();
    },
  };
}

function answer(status: number, body: unknown, correlationId = 'c-1') {
  return { status, headers: new Headers({ 'x-correlation-id': correlationId }), body };
}

describe('bootService', () => {
  it('listens on port 0, keeps only audit lines logged at warn, and closes once', async () => {
    const app = fakeApp();
    const logged: unknown[] = [];
    const log = { warn: (fields: unknown) => void logged.push(fields) };
    const svc = await bootService({
      create: (config: { port: string }, l: typeof log) => {
        l.warn({ audit: true, action: 'boot', port: config.port });
        return Promise.resolve(app);
      },
      loadConfig: (env: { PORT: string }) => ({ port: env.PORT }),
      env: { PORT: '1' },
      log,
    });
    log.warn({ audit: false, action: 'noise' });
    log.warn('text only');
    expect(svc.url).toBe('http://127.0.0.1:4321');
    expect(svc.audits()).toEqual([{ audit: true, action: 'boot', port: '1' }]);
    expect(logged).toHaveLength(3);
    await svc.close();
    await svc.close();
    expect(app.calls).toEqual(['listen 127.0.0.1:0', 'close']);
  });

  it('closes every service of a set, so the next one boots alone', async () => {
    const apps = [fakeApp(), fakeApp()];
    const set = serviceSet((index: number) =>
      bootService({
        create: () => Promise.resolve(apps[index] ?? fakeApp()),
        loadConfig: () => ({}),
        env: {},
        log: { warn: () => undefined },
      }),
    );
    await set.boot(0);
    await set.boot(1);
    await set.closeAll();
    expect(apps.map((a) => a.calls.at(-1))).toEqual(['close', 'close']);
  });
});

describe('expectError', () => {
  const body = { code: 'X.NOT_FOUND', message: 'nope', correlationId: 'c-1' };

  it('returns the body of the expected error answer', () => {
    expect(expectError(answer(404, body), 404, 'X.NOT_FOUND')).toEqual(body);
  });

  it('throws, naming the issues, on another status, code or a leak', () => {
    expect(() => expectError(answer(403, body), 404, 'X.NOT_FOUND')).toThrow(
      'status 403, expected 404',
    );
    expect(() => expectError(answer(404, body), 404, 'X.OTHER')).toThrow('code X.NOT_FOUND');
    expect(() =>
      expectError(answer(404, { ...body, message: 'at postgres' }), 404, 'X.NOT_FOUND'),
    ).toThrow('leaks internals');
  });
});

describe('serviceEnv', () => {
  it('sets the shared settings, no defense off by default, extras last', () => {
    const env = serviceEnv({
      databaseUrl: 'postgresql://db',
      issuer: { issuer: 'https://issuer', jwksUrl: 'https://issuer/jwks' },
      keysDir: '/keys',
      consumerGroup: 'g',
      kafkaBrokers: 'b:9092',
      extra: { LOG_LEVEL: 'debug' },
    });
    expect(env).toMatchObject({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://db',
      KAFKA_BROKERS: 'b:9092',
      KAFKA_CONSUMER_GROUP: 'g',
      EVENT_KEYS_DIR: '/keys',
      CLAIMGUARD_DEFENSES_OFF: '',
    });
  });
});
