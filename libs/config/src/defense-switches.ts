import {
  DEFENSES,
  DEFENSE_IDS,
  isDefenseId,
  isSwitchable,
  type DefenseId,
  type DefensesReport,
} from '@claimguard/contracts';
import { ConfigError } from './load-config.js';

/**
 * Which defenses are on. Everything is on unless `CLAIMGUARD_DEFENSES_OFF` names it, and nothing
 * may be off in production mode: the process refuses to start.
 */
export class DefenseSwitches {
  private readonly off: ReadonlySet<DefenseId>;

  private constructor(off: Iterable<DefenseId>) {
    this.off = new Set(off);
  }

  /**
   * @example DefenseSwitches.fromSetting('bola,jwt-audience', 'development').isOn('bola') // false
   */
  static fromSetting(setting: string, nodeEnv: string): DefenseSwitches {
    const ids = setting
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = ids.filter((id) => !isDefenseId(id));
    if (unknown.length > 0) {
      throw new ConfigError([
        `CLAIMGUARD_DEFENSES_OFF: unknown defense id(s) ${unknown.join(', ')}; known: ${DEFENSE_IDS.join(', ')}`,
      ]);
    }
    if (ids.length > 0 && nodeEnv === 'production') {
      throw new ConfigError([
        `CLAIMGUARD_DEFENSES_OFF: defenses cannot be turned off when NODE_ENV=production (asked: ${ids.join(', ')})`,
      ]);
    }
    const known = ids.filter(isDefenseId);
    const fixed = known.filter((id) => !isSwitchable(id));
    if (fixed.length > 0) {
      throw new ConfigError([
        `CLAIMGUARD_DEFENSES_OFF: ${fixed.join(', ')} cannot be turned off yet (no training path exists; ` +
          `switchable: ${DEFENSE_IDS.filter(isSwitchable).join(', ')})`,
      ]);
    }
    return new DefenseSwitches(known);
  }

  /** All defenses on: the secure default. */
  static allOn(): DefenseSwitches {
    return new DefenseSwitches([]);
  }

  isOn(id: DefenseId): boolean {
    return !this.off.has(id);
  }

  /** The ids that are off, in registry order. */
  offIds(): DefenseId[] {
    return DEFENSE_IDS.filter((id) => this.off.has(id));
  }

  report(): DefensesReport {
    const off = this.offIds();
    return {
      mode: off.length === 0 ? 'secure' : 'training',
      off,
      defenses: DEFENSE_IDS.map((id) => ({
        id,
        title: DEFENSES[id].title,
        summary: DEFENSES[id].summary,
        on: !this.off.has(id),
        switchable: isSwitchable(id),
      })),
    };
  }
}
