import {
  Body,
  Controller,
  Injectable,
  Module,
  Post,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { CORRELATION_HEADER, RouteManifestSchema } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import type { SqlExecutor } from '@claimguard/messaging';
import { ServicePlatformModule } from '../platform/service-platform.module.js';
import { createServiceApp } from './create-service-app.js';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function fakeLogger() {
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}

const MANIFEST = RouteManifestSchema.parse({
  service: 'demo',
  version: 1,
  routes: [{ method: 'POST', path: '/echo', scopes: ['claims:write'] }],
});

let databaseUp = true;

/** Stands in for a service's PrismaService: only the ping matters here. */
@Injectable()
class FakeDatabase {
  $queryRawUnsafe<T>(): Promise<T> {
    return databaseUp
      ? Promise.resolve([] as T)
      : Promise.reject(new Error('connect ECONNREFUSED'));
  }
  $executeRawUnsafe(): Promise<number> {
    return Promise.resolve(0);
  }
  $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    return fn(this);
  }
}

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

function rootModule(logger: Logger, extra: Provider[] = []) {
  @Module({
    imports: [
      ServicePlatformModule.forRoot({
        config: { provide: 'DEMO_CONFIG', useValue: {} },
        logger,
        manifest: MANIFEST,
        database: FakeDatabase,
      }),
    ],
    controllers: [EchoController],
    providers: extra,
  })
  class DemoModule {}
  return DemoModule;
}

const apps: NestFastifyApplication[] = [];
async function boot(options: { defensesOff?: string; bodyLimit?: number } = {}) {
  const logger = fakeLogger();
  const app = await createServiceApp(rootModule(logger), {
    logger,
    defenses: DefenseSwitches.fromSetting(options.defensesOff ?? '', 'test'),
    bodyLimit: options.bodyLimit,
  });
  apps.push(app);
  return { app, logger };
}

afterEach(async () => {
  databaseUp = true;
  for (const app of apps.splice(0)) await app.close();
});

describe('createServiceApp with ServicePlatformModule', () => {
  it('serves /healthz as ok while the database answers, and the route manifest', async () => {
    const { app } = await boot();
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const manifest = await app.inject({ url: '/.well-known/route-manifest' });
    expect(manifest.json()).toEqual(MANIFEST);
  });

  it('answers /healthz 503 unavailable and warns when the database does not answer', async () => {
    const { app, logger } = await boot();
    databaseUp = false;
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'unavailable' });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(Error) }),
      'health check: database unavailable',
    );
  });

  it('answers an unknown route with the JSON error body and the same correlation id as the header', async () => {
    const { app } = await boot();
    const res = await app.inject({ url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      code: 'GATEWAY.ROUTE_NOT_FOUND',
      message: expect.any(String),
      correlationId: res.headers[CORRELATION_HEADER],
    });
  });

  it('refuses a body over the limit with 413 REQUEST.TOO_LARGE and accepts one under it', async () => {
    const { app } = await boot({ bodyLimit: 64 });
    const post = (text: string) =>
      app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text }),
      });
    const small = await post('x');
    expect(small.statusCode).toBe(201);
    const large = await post('x'.repeat(100));
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
  });

  it('writes one defense.off audit line naming the defenses that are off, and none when all are on', async () => {
    const training = await boot({ defensesOff: 'bola,jwt-audience' });
    const auditLines = (logger: ReturnType<typeof fakeLogger>) =>
      logger.warn.mock.calls.filter(([fields]) => (fields as { audit?: boolean }).audit === true);
    expect(auditLines(training.logger)).toEqual([
      [
        expect.objectContaining({
          audit: true,
          action: 'defense.off',
          reason: 'training mode: defenses off: bola, jwt-audience',
        }),
        'audit defense.off',
      ],
    ]);
    const secure = await boot();
    expect(auditLines(secure.logger)).toEqual([]);
  });

  it('closes what it opened and rethrows when initialisation fails', async () => {
    const closed = vi.fn();
    @Injectable()
    class OpensSomething implements OnApplicationShutdown {
      onApplicationShutdown(): void {
        closed();
      }
    }
    @Injectable()
    class FailsToInit {
      onModuleInit(): void {
        throw new Error('policy file is broken');
      }
    }
    const logger = fakeLogger();
    await expect(
      createServiceApp(rootModule(logger, [OpensSomething, FailsToInit]), {
        logger,
        defenses: DefenseSwitches.allOn(),
      }),
    ).rejects.toThrow('policy file is broken');
    expect(closed).toHaveBeenCalledOnce();
  });
});
