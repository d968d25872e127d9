/**
 * Codes that mean "the database cannot be reached right now", whoever raised them: Prisma's
 * (P1001 cannot reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
 * connection, P2024 no pool connection in time), Node's socket errors, and PostgreSQL's SQLSTATEs
 * of class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting) and 53300 (too many
 * connections).
 */
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** Prisma driver-adapter error kinds of the same meaning. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * node-postgres raises these without a code when the server goes away under an open connection;
 * Prisma passes them on as its message.
 */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated unexpectedly/,
  /Connection terminated due to connection timeout/,
  /Client has encountered a connection error and is not queryable/,
  /Can't reach database server/,
];

/**
 * Whether `error` (or an error in its `cause` chain) says the database is unreachable — a
 * transient outage, answered as 503 `SERVICE.UNAVAILABLE` instead of an internal error. Knows no
 * client library: it reads `code`, `kind` and the message.
 * @example if (isDatabaseUnavailable(error)) reply.status(503);
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const { code, kind, message, cause } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08')))
      return true;
    if (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message)))
      return true;
    current = cause;
  }
  return false;
}
