import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

describe('isDatabaseUnavailable', () => {
  it('recognises node-postgres losing its connection, as Prisma passes it on', () => {
    const prisma = Object.assign(new Error('Connection terminated unexpectedly'), {
      clientVersion: '7.10.0',
    });
    expect(isDatabaseUnavailable(prisma)).toBe(true);
  });

  it('recognises Prisma, socket and SQLSTATE codes, and driver-adapter kinds, down the cause chain', () => {
    for (const code of ['P1001', 'P1017', 'P2024', 'ECONNREFUSED', '57P01', '08006']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
    }
    const adapter = new Error('outer', {
      cause: Object.assign(new Error('inner'), { kind: 'DatabaseNotReachable' }),
    });
    expect(isDatabaseUnavailable(adapter)).toBe(true);
  });

  it('leaves every other error alone: constraint violations, bugs, non-errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated unexpectedly')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
