import { config } from '../config';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<string, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

/**
 * One JSON line per event on stdout. Deliberately tiny: callers pass ids and kinds, never tokens,
 * cookies or form contents; an error is reduced to its name and message (OAuth errors carry their
 * code there, not the token).
 */
function write(level: Level, msg: string, extra?: unknown): void {
  const threshold = config().LOG_LEVEL;
  if (threshold === 'silent' || ORDER[level]! < (ORDER[threshold] ?? 2)) return;
  const detail =
    extra instanceof Error
      ? { err: { name: extra.name, message: extra.message.slice(0, 200) } }
      : (extra as Record<string, unknown> | undefined);
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), app: 'web', msg, ...detail })}\n`,
  );
}

/** The web app's logger. */
export const log = {
  debug: (msg: string, extra?: unknown) => write('debug', msg, extra),
  info: (msg: string, extra?: unknown) => write('info', msg, extra),
  warn: (msg: string, extra?: unknown) => write('warn', msg, extra),
  error: (msg: string, extra?: unknown) => write('error', msg, extra),
};
