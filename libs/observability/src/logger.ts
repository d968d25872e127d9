import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that must never reach a log line. Tokens, secrets and password hashes are redacted even if
 * a careless call logs a whole request or object.
 */
export const REDACT_PATHS = [
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.privateKey',
  'password',
  'passwordHash',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
];

/**
 * A JSON logger for one service with secret redaction built in.
 * @example const log = createLogger('claims', 'info'); log.info({ claimId }, 'claim filed');
 */
export function createLogger(service: string, level: LoggerOptions['level'] = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
