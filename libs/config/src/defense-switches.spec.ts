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
    expect(() => DefenseSwitches.fromSetting('jwt-alg', 'development')).toThrow(
      /cannot be turned off yet/,
    );
    const report = DefenseSwitches.allOn().report();
    expect(report.defenses.find((d) => d.id === 'bola')?.switchable).toBe(true);
    expect(report.defenses.find((d) => d.id === 'jwt-alg')?.switchable).toBe(false);
  });

  it('refuses to turn anything off in production', () => {
    expect(() => DefenseSwitches.fromSetting('bola', 'production')).toThrow(/production/);
    expect(DefenseSwitches.fromSetting('', 'production').isOn('bola')).toBe(true);
  });
});
