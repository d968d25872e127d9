/**
 * Injection tokens the chassis provides to every module of a service (Nest needs a token to inject
 * a value that is not a class). The service's own config token stays in the service: its type is
 * the service's schema.
 */

/** The service's pino logger (`Logger` of `@claimguard/observability`). */
export const LOGGER = Symbol('LOGGER');
/** The service's database client (its `PrismaService`), as a `ServiceDatabase`. */
export const DATABASE = Symbol('DATABASE');
/** What `/healthz` asks before it answers ready: a `ReadinessCheck`. */
export const READINESS_CHECK = Symbol('READINESS_CHECK');
/** The `RouteManifest` served at `/.well-known/route-manifest`. */
export const ROUTE_MANIFEST = Symbol('ROUTE_MANIFEST');
/** The kafkajs client, shared by the outbox relay's producer and the service's event consumers. */
export const KAFKA = Symbol('KAFKA');
/** The transactional-outbox relay (`ServiceOutboxRelay`): nudge it after a commit that appended events. */
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
/** The service's own event-signing key (`EventSigningKey`), used by the outbox relay. */
export const EVENT_SIGNING_KEY = Symbol('EVENT_SIGNING_KEY');
/** `EventSignatures`: the trust store and switch every event consumer verifies with. */
export const EVENT_SIGNATURES = Symbol('EVENT_SIGNATURES');
