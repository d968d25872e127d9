import type { SqlExecutor } from '@claimguard/messaging';
import { describe, expect, it } from 'vitest';
import { appendGrantRevoked, appendUserDisabled, revocationReason } from './identity-events.js';

function recorder(): { calls: unknown[][]; tx: SqlExecutor } {
  const calls: unknown[][] = [];
  const tx: SqlExecutor = {
    $executeRawUnsafe: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(1);
    },
    $queryRawUnsafe: <T>() => Promise.resolve([] as T),
  };
  return { calls, tx };
}

describe('identity events', () => {
  it('names the reason after the endpoint that revoked the grant', () => {
    expect(revocationReason('/token')).toBe('refresh_token_reuse');
    expect(revocationReason('/TOKEN/')).toBe('refresh_token_reuse');
    expect(revocationReason('/Token/Revocation')).toBe('logout');
    expect(revocationReason('/token/revocation')).toBe('logout');
    expect(revocationReason('/session/end/confirm')).toBe('logout');
    expect(revocationReason(undefined)).toBe('revoked');
  });

  it('appends GrantRevoked keyed by the sub to identity.events.v1', async () => {
    const { calls, tx } = recorder();
    await appendGrantRevoked(
      tx,
      { grantId: 'g-1', sub: 'user-1', clientId: 'claimguard-cli' },
      'logout',
    );
    const [, id, topic, key, type, payload] = calls[0] as string[];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect([topic, key, type]).toEqual(['identity.events.v1', 'user-1', 'GrantRevoked']);
    expect(JSON.parse(payload ?? '{}')).toMatchObject({
      source: 'identity',
      subject: 'user-1',
      data: { sub: 'user-1', reason: 'logout', clientId: 'claimguard-cli' },
    });
  });

  it('appends UserDisabled', async () => {
    const { calls, tx } = recorder();
    await appendUserDisabled(tx, 'user-2');
    expect(calls[0]?.[4]).toBe('UserDisabled');
  });
});
