import type { ServiceDatabase } from '../platform/service-database.js';

/**
 * What `/healthz` asks before answering ready. `check` rejects when the dependency is down; `name`
 * goes into the warning line (`health check: database unavailable`).
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

/**
 * Ready means the database answers `SELECT 1`. The broker is not asked: the outbox keeps events
 * while it is down, so a broker outage must not take the service out of rotation.
 * @example { provide: READINESS_CHECK, inject: [DATABASE], useFactory: databaseReadiness }
 */
export function databaseReadiness(database: ServiceDatabase): ReadinessCheck {
  return { name: 'database', check: () => Promise.resolve(database.$queryRawUnsafe('SELECT 1')) };
}
