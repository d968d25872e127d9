import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { audit, onAudit, type AuditEvent } from './audit.js';

describe('onAudit', () => {
  it('hears every audit line after it is written, until it unsubscribes', () => {
    const log = pino({ enabled: false });
    const heard: AuditEvent[] = [];
    const stop = onAudit((event) => heard.push(event));
    audit(log, { action: 'defense.off', defense: 'bola', sub: 'bob-sub', reason: 'training' });
    stop();
    audit(log, { action: 'authz.denied', reason: 'after' });
    expect(heard).toEqual([
      { action: 'defense.off', defense: 'bola', sub: 'bob-sub', reason: 'training' },
    ]);
  });
});
