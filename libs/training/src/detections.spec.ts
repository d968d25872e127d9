import { describe, expect, it } from 'vitest';
import { creditableActor, detectionOf } from './detections.js';

const line = { action: 'defense.off' as const, defense: 'cors', reason: 'let through' };

describe('detectionOf', () => {
  it('credits a person by sub, a proven workload and a client address the server saw', () => {
    expect(detectionOf({ ...line, sub: 'bob-sub' })?.sub).toBe('bob-sub');
    expect(detectionOf({ ...line, actor: 'workload towing' })?.sub).toBe('workload towing');
    expect(detectionOf({ ...line, actor: 'client 127.0.0.61' })?.sub).toBe('client 127.0.0.61');
    expect(detectionOf({ ...line, actor: 'client 2001:db8::1' })?.sub).toBe('client 2001:db8::1');
  });

  it('credits nobody for a name the request chose itself: an origin, any other words', () => {
    expect(detectionOf({ ...line, actor: 'origin https://evil.example' })).toBeUndefined();
    expect(detectionOf({ ...line, actor: 'client not-an-address' })).toBeUndefined();
    expect(detectionOf({ ...line, actor: 'workload ../../etc' })).toBeUndefined();
    expect(creditableActor('an event claiming source claims')).toBe(false);
  });
});
