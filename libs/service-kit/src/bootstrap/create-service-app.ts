import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DefenseSwitches, ServiceEnv, TLS_KEYS } from '@claimguard/config';
import { audit, HttpErrorFilter, type Logger } from '@claimguard/observability';
import { registerCorrelationHook } from '../http/correlation.hook.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';

/** Largest request body a service accepts unless it says otherwise (1 MiB; anything near it is abuse). */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

export interface CreateServiceAppOptions {
  /** The service's logger: Nest's own messages, the error filter and audit lines go through it. */
  logger: Logger;
  /** The training switches: any defense off is announced by one `defense.off` audit line. */
  defenses: Pick<DefenseSwitches, 'offIds' | 'isOn'>;
  /** Largest request body in bytes; default `DEFAULT_BODY_LIMIT_BYTES`. */
  bodyLimit?: number;
  /**
   * The service's TLS files (its validated config will do). With all three the app listens on
   * https and asks every caller for a certificate (see {@link serviceHttpsOptions}).
   */
  tls?: ServiceTlsFiles;
}

/** `serviceEnv`'s TLS keys: all three, or none for plain http. */
export type ServiceTlsFiles = Partial<Pick<ServiceEnv, (typeof TLS_KEYS)[number]>>;

/**
 * Fastify's `https` options for a service (defense `mtls`), or undefined without TLS files:
 * the service's certificate and key, the CA callers' certificates must chain to, and a client
 * certificate asked of every caller. Node's own `rejectUnauthorized` is fixed at start, so the
 * refusal is {@link refuseUnverifiedClients}'s, which reads the switch on every connection: with
 * the defense on, a caller without a valid certificate is cut off right after the handshake;
 * off (training), anyone gets in and the caller guard only audits.
 * @example serviceHttpsOptions(config) // { cert, key, ca, requestCert: true, rejectUnauthorized: false }
 */
export function serviceHttpsOptions(
  tls: ServiceTlsFiles | undefined,
):
  | { cert: Buffer; key: Buffer; ca: Buffer; requestCert: true; rejectUnauthorized: false }
  | undefined {
  if (!tls?.TLS_CERT_FILE || !tls.TLS_KEY_FILE || !tls.TLS_CA_FILE) return undefined;
  return {
    cert: readFileSync(tls.TLS_CERT_FILE),
    key: readFileSync(tls.TLS_KEY_FILE),
    ca: readFileSync(tls.TLS_CA_FILE),
    requestCert: true,
    rejectUnauthorized: false,
  };
}

/**
 * Cuts off every TLS connection whose client certificate did not verify against the CA, while
 * the `mtls` defense is on (read per connection, so a runtime flip applies to the next one). The
 * connection never reaches HTTP; the refusal is audited with the TLS error (no certificate data).
 */
export function refuseUnverifiedClients(
  server: Pick<TlsServer, 'on'>,
  defenses: Pick<DefenseSwitches, 'isOn'>,
  logger: Logger,
): void {
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.authorized || !defenses.isOn('mtls')) return;
    audit(logger, {
      action: 'authn.failure',
      defense: 'mtls',
      // No request exists yet (no correlation id): the client's address is what links the refusal.
      actor: `client ${socket.remoteAddress ?? 'unknown'}`,
      reason: `TLS client without a verified certificate: ${String(socket.authorizationError ?? 'none presented')}`,
    });
    socket.destroy();
  });
}

/**
 * Builds and initialises a service's Nest app on Fastify: body limit, one correlation id per
 * request, every error as `{code, message, correlationId}`, Nest's logs in the service's JSON
 * stream; https with a client certificate required when `tls` names the files. Modules are resolved and bootstrap hooks have run (background connections started);
 * HTTP is not listening yet. A failed init closes what was already opened and rethrows, so tests
 * that boot apps in process leak nothing.
 * @example
 * const app = await createServiceApp(AppModule.forRoot(config, logger), {
 *   logger,
 *   defenses: config.defenses,
 *   tls: config,
 * });
 * await app.listen({ port: config.PORT, host: config.HOST });
 */
export async function createServiceApp(
  rootModule: Type<unknown> | DynamicModule,
  options: CreateServiceAppOptions,
): Promise<NestFastifyApplication> {
  const { logger, defenses } = options;
  const https = serviceHttpsOptions(options.tls);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
  const adapter = new FastifyAdapter(https ? { bodyLimit, https } : { bodyLimit });
  registerCorrelationHook(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    // Throw on a boot error instead of exiting the process (tests create apps in process).
    abortOnError: false,
  });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  if (https) refuseUnverifiedClients(app.getHttpServer() as unknown as TlsServer, defenses, logger);
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  const off = defenses.offIds();
  if (off.length > 0) {
    audit(logger, {
      action: 'defense.off',
      reason: `training mode: defenses off: ${off.join(', ')}`,
    });
  }
  return app;
}
