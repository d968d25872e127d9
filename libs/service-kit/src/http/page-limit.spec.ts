import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import {
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  pageLimit,
  type PageLimitContext,
} from './page-limit.js';

function context(
  on: boolean,
): PageLimitContext & { log: Logger & { warn: ReturnType<typeof vi.fn> } } {
  const log = {
    warn: vi.fn(),
    info: vi.fn(),
    error: vi.fn(),
    debug: vi.fn(),
  } as unknown as Logger & {
    warn: ReturnType<typeof vi.fn>;
  };
  return {
    defenses: { isOn: (id) => (id === 'resource-limits' ? on : true) },
    log,
    caller: { sub: 'alice-sub', party: { kind: 'member', id: 'M-1001' } },
    correlationId: 'c-1',
    resource: 'claims',
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('pageLimit', () => {
  it('defaults to 20 and honours any size up to the cap of 100', () => {
    expect(PAGE_LIMIT_DEFAULT).toBe(20);
    expect(pageLimit(undefined, context(true))).toBe(20);
    expect(pageLimit('1', context(true))).toBe(1);
    expect(pageLimit(String(PAGE_LIMIT_MAX), context(true))).toBe(100);
  });

  it('refuses a size above the cap with 400 and an authz.denied line naming the person', () => {
    const ctx = context(true);
    expect(codeOf(() => pageLimit('101', ctx))).toBe('REQUEST.VALIDATION_FAILED');
    expect(ctx.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'resource-limits',
        correlationId: 'c-1',
        sub: 'alice-sub',
      }),
      expect.any(String),
    );
  });

  it('refuses what is no positive whole number, with the defense on or off', () => {
    for (const on of [true, false]) {
      for (const bad of ['0', '-5', '1.5', 'abc', '', '0010', '1e5', '9999999999', ['5', '6']]) {
        expect(codeOf(() => pageLimit(bad, context(on)))).toBe('REQUEST.VALIDATION_FAILED');
      }
    }
  });

  it('with resource-limits off honours a huge size and audits defense.off with sub', () => {
    const ctx = context(false);
    expect(pageLimit('100000', ctx)).toBe(100_000);
    expect(ctx.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'defense.off',
        defense: 'resource-limits',
        sub: 'alice-sub',
      }),
      expect.any(String),
    );
  });
});
