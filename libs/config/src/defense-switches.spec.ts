import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from './defense-switches.js';
import { ConfigError } from './load-config.js';

describe('DefenseSwitches', () => {
  it('keeps every defense on when nothing is named', () => {
    const switches = DefenseSwitches.fromSetting('', 'development');
    expect(switches.isOn('bola')).toBe(true);
    expect(switches.report().mode).toBe('secure');
  });

  it('turns off exactly the named defenses', () => {
    const switches = DefenseSwitches.fromSetting(' bola , jwt-audience', 'test');
    expect(switches.isOn('bola')).toBe(false);
    expect(switches.isOn('jwt-audience')).toBe(false);
    expect(switches.isOn('party-token')).toBe(true);
    expect(switches.report()).toMatchObject({ mode: 'training', off: ['bola', 'jwt-audience'] });
  });

  it('refuses an unknown defense id', () => {
    expect(() => DefenseSwitches.fromSetting('bola,nope', 'development')).toThrow(ConfigError);
  });

  it('refuses to turn off a defense that has no training path yet', () => {
    expect(() => DefenseSwitches.fromSetting('log-redaction', 'development')).toThrow(
      /cannot be turned off yet/,
    );
    const report = DefenseSwitches.allOn().report();
    expect(report.defenses.find((d) => d.id === 'bola')?.switchable).toBe(true);
    expect(report.defenses.find((d) => d.id === 'log-redaction')?.switchable).toBe(false);
  });

  it('refuses to turn anything off in production', () => {
    expect(() => DefenseSwitches.fromSetting('bola', 'production')).toThrow(/production/);
    expect(DefenseSwitches.fromSetting('', 'production').isOn('bola')).toBe(true);
  });
});

describe('DefenseSwitches at runtime', () => {
  it('applies a newer set of off switches and tells the listeners what changed', () => {
    const switches = DefenseSwitches.fromSetting('bola', 'development');
    const heard: unknown[] = [];
    switches.onChange((change) => heard.push(change));
    const change = switches.apply(['consent', 'mtls'], 1);
    expect(change).toEqual({
      version: 1,
      off: ['mtls', 'consent'],
      turnedOff: ['mtls', 'consent'],
      turnedOn: ['bola'],
    });
    expect(heard).toEqual([change]);
    expect(switches.isOn('bola')).toBe(true);
    expect(switches.isOn('consent')).toBe(false);
    expect(switches.report()).toMatchObject({ version: 1, mode: 'training', runtime: true });
  });

  it('ignores a report that is not newer, so a late answer never undoes a flip', () => {
    const switches = DefenseSwitches.allOn();
    switches.apply(['bola'], 2);
    expect(switches.apply([], 1)).toBeNull();
    expect(switches.apply([], 2)).toBeNull();
    expect(switches.isOn('bola')).toBe(false);
    expect(switches.apply([], 3)?.turnedOn).toEqual(['bola']);
  });

  it('refuses every runtime change in production, and unknown or fixed ids anywhere', () => {
    const production = DefenseSwitches.fromSetting('', 'production');
    expect(production.report().runtime).toBe(false);
    expect(() => production.apply(['bola'], 1)).toThrow(
      expect.objectContaining({ code: 'TRAINING.DISABLED' }),
    );
    expect(() => production.apply([], 1)).toThrow(/production/);
    const dev = DefenseSwitches.allOn();
    expect(() => dev.apply(['nope'], 1)).toThrow(
      expect.objectContaining({ code: 'TRAINING.UNKNOWN_DEFENSE' }),
    );
    expect(() => dev.apply(['log-redaction'], 1)).toThrow(
      expect.objectContaining({ code: 'TRAINING.NOT_SWITCHABLE' }),
    );
    expect(dev.version).toBe(0);
  });

  it('stops telling a listener once it unsubscribed', () => {
    const switches = DefenseSwitches.allOn();
    let calls = 0;
    const stop = switches.onChange(() => calls++);
    switches.apply(['bola'], 1);
    stop();
    switches.apply([], 2);
    expect(calls).toBe(1);
  });
});
