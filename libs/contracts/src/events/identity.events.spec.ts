import { describe, expect, it } from 'vitest';
import { eventDataProblem, mayEmit } from './emitters.js';
import { IDENTITY_EVENT_TYPES } from './identity.events.js';

describe('AuthenticatorEnrolled in the event catalog', () => {
  const type = IDENTITY_EVENT_TYPES.AuthenticatorEnrolled;

  it('has identity as its only emitter', () => {
    expect(mayEmit('identity', type)).toBe(true);
    for (const other of ['gateway', 'claims', 'towing', 'repair', 'rental']) {
      expect(mayEmit(other, type)).toBe(false);
    }
  });

  it('accepts v1 data naming the subject and method, and refuses anything more (a secret)', () => {
    const data = { sub: 'u-1', method: 'totp', enrolmentCodeUsed: true };
    expect(eventDataProblem(type, 1, data)).toBeUndefined();
    expect(eventDataProblem(type, 1, { ...data, secret: 'JBSWY3DP' })).toMatch(/invalid/);
    expect(eventDataProblem(type, 1, { sub: 'u-1' })).toMatch(/invalid at method/);
    expect(eventDataProblem(type, 2, data)).toMatch(/not in the event catalog/);
  });
});
