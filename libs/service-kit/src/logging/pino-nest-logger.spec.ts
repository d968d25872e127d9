import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '@claimguard/observability';
import { PinoNestLogger } from './pino-nest-logger.js';

function fakePino() {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}

describe('PinoNestLogger', () => {
  it("turns Nest's chatty log level into debug, keeping the context", () => {
    const pino = fakePino();
    new PinoNestLogger(pino).log('Mapped {/claims, GET} route', 'RouterExplorer');
    expect(pino.debug).toHaveBeenCalledWith(
      { context: 'RouterExplorer' },
      'Mapped {/claims, GET} route',
    );
    expect(pino.info).not.toHaveBeenCalled();
  });

  it('passes the stack of an error on, and the context that comes last', () => {
    const pino = fakePino();
    new PinoNestLogger(pino).error('boom', 'Error: boom\n    at x', 'ExceptionHandler');
    expect(pino.error).toHaveBeenCalledWith(
      { context: 'ExceptionHandler', stack: 'Error: boom\n    at x' },
      'boom',
    );
  });

  it('maps warn, debug, verbose and fatal to their pino levels', () => {
    const pino = fakePino();
    const nest = new PinoNestLogger(pino);
    nest.warn('w', 'A');
    nest.debug('d', 'B');
    nest.verbose('v', 'C');
    nest.fatal('f', 'D');
    expect(pino.warn).toHaveBeenCalledWith({ context: 'A' }, 'w');
    expect(pino.debug).toHaveBeenCalledWith({ context: 'B' }, 'd');
    expect(pino.trace).toHaveBeenCalledWith({ context: 'C' }, 'v');
    expect(pino.fatal).toHaveBeenCalledWith({ context: 'D' }, 'f');
  });
});
