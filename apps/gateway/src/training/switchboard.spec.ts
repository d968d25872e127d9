import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { audit, createLogger } from '@claimguard/observability';
import { PEER_STALE_MS, Switchboard } from './switchboard.js';

const log = createLogger('gateway', 'silent');
const olga = {
  sub: 'olga-sub',
  party: { kind: 'instructor', id: 'E-9001' },
  correlationId: 'c-olga',
};

function board(setting = '', nodeEnv = 'test') {
  let now = Date.UTC(2026, 10, 30, 10, 0, 0);
  const switchboard = new Switchboard(
    DefenseSwitches.fromSetting(setting, nodeEnv),
    log,
    () => now,
  );
  return { switchboard, advance: (ms: number) => (now += ms) };
}
const sync = (service: string, applied: number, resetDone = 0) => ({
  service,
  applied,
  resetDone,
  sentAt: new Date().toISOString(),
  detections: [],
});

describe('Switchboard', () => {
  it('starts at version 1 with the settings it was started with, so every process adopts them', () => {
    const { switchboard } = board('bola');
    expect(switchboard.sync(sync('claims', 0))).toEqual({
      version: 1,
      off: ['bola'],
      resetEpoch: 0,
    });
    switchboard.onApplicationShutdown();
  });

  it('flips one defense per call and bumps the version; the gateway reads the same switches at once', () => {
    const { switchboard } = board();
    const status = switchboard.set('consent', false, olga);
    expect(status).toMatchObject({ version: 2, off: ['consent'] });
    expect(switchboard.switches.isOn('consent')).toBe(false);
    expect(switchboard.set('consent', true, olga).off).toEqual([]);
    expect(() => switchboard.set('log-redaction', false, olga)).toThrow(/training path/);
    expect(() => switchboard.set('nope', false, olga)).toThrow(/unknown/);
    switchboard.onApplicationShutdown();
  });

  it('is converged only when every fresh peer applied the current version and reset', () => {
    const { switchboard, advance } = board();
    switchboard.sync(sync('claims', 1));
    switchboard.sync(sync('towing', 1));
    expect(switchboard.status().converged).toBe(true);
    switchboard.set('bola', false, olga);
    switchboard.sync(sync('claims', 2));
    expect(switchboard.status().converged).toBe(false);
    // towing went away: after a while it no longer holds the workshop back.
    advance(PEER_STALE_MS + 1);
    switchboard.sync(sync('claims', 2));
    expect(switchboard.status().converged).toBe(true);
    const reset = switchboard.reset(olga);
    expect(reset).toMatchObject({ off: [], resetEpoch: 1, converged: false });
    switchboard.sync(sync('claims', reset.version, 1));
    expect(switchboard.status().converged).toBe(true);
    switchboard.onApplicationShutdown();
  });

  it('measures how long after a flip every peer reported it, by its own clock', () => {
    const { switchboard, advance } = board();
    switchboard.sync(sync('claims', 1));
    switchboard.sync(sync('towing', 1));
    const flipped = switchboard.set('bola', false, olga);
    expect(flipped.convergedInMs).toBeUndefined();
    advance(400);
    switchboard.sync(sync('claims', flipped.version));
    expect(switchboard.status().convergedInMs).toBeUndefined();
    advance(300);
    switchboard.sync(sync('towing', flipped.version));
    expect(switchboard.status().convergedInMs).toBe(700);
    // Later syncs do not move the measure; the next flip starts it over.
    advance(500);
    switchboard.sync(sync('towing', flipped.version));
    expect(switchboard.status().convergedInMs).toBe(700);
    expect(switchboard.set('bola', true, olga).convergedInMs).toBeUndefined();
    switchboard.onApplicationShutdown();
  });

  it("scores the gateway's own training-path uses and the services' reports; a reset clears them", () => {
    const { switchboard } = board();
    audit(log, {
      action: 'defense.off',
      defense: 'step-up',
      sub: 'carol-sub',
      reason: 'step-up off',
    });
    switchboard.sync({
      ...sync('claims', 1),
      detections: [
        { defense: 'bola', sub: 'bob-sub', reason: 'training rule', at: new Date().toISOString() },
      ],
    });
    expect(switchboard.scoreboard.entries().map((e) => [e.sub, e.defenses[0]?.seenBy])).toEqual([
      ['carol-sub', ['gateway']],
      ['bob-sub', ['claims']],
    ]);
    switchboard.reset(olga);
    expect(switchboard.scoreboard.entries()).toEqual([]);
    switchboard.onApplicationShutdown();
  });

  it('refuses everything in production', () => {
    const { switchboard } = board('', 'production');
    expect(() => switchboard.set('bola', false, olga)).toThrow(/production/);
    expect(() => switchboard.reset(olga)).toThrow(/production/);
    expect(() => switchboard.sync(sync('claims', 0))).toThrow(/production/);
    expect(switchboard.switches.version).toBe(0);
  });
});
