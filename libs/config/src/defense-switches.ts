import {
  DEFENSES,
  DEFENSE_IDS,
  isDefenseId,
  isSwitchable,
  type DefenseId,
  type DefensesReport,
} from '@claimguard/contracts';
import { ConfigError } from './load-config.js';

/** What a listener hears when the switches change at runtime. */
export interface DefenseChange {
  version: number;
  off: DefenseId[];
  /** Defenses turned off, and turned back on, by this change. */
  turnedOff: DefenseId[];
  turnedOn: DefenseId[];
}

/** Why a runtime change was refused: a stable code for the caller's 4xx. */
export class SwitchRefused extends Error {
  constructor(
    readonly code: 'TRAINING.DISABLED' | 'TRAINING.UNKNOWN_DEFENSE' | 'TRAINING.NOT_SWITCHABLE',
    message: string,
  ) {
    super(message);
    this.name = 'SwitchRefused';
  }
}

/**
 * Which defenses are on. Everything is on unless `CLAIMGUARD_DEFENSES_OFF` names it at start or the
 * instructor flips it at runtime ({@link apply}); nothing may be off in production mode: the
 * process refuses to start, and a production instance refuses every runtime change.
 *
 * One instance per process, read on every decision (`isOn`), never copied into a constant: that is
 * what lets a flip reach every check without a restart.
 */
export class DefenseSwitches {
  private off: ReadonlySet<DefenseId>;
  private currentVersion = 0;
  private readonly listeners = new Set<(change: DefenseChange) => void>();

  private constructor(
    off: Iterable<DefenseId>,
    /** True in production: the switches are fixed at all on. */
    readonly frozen: boolean,
  ) {
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
    return new DefenseSwitches(known, nodeEnv === 'production');
  }

  /** All defenses on: the secure default (not frozen, so tests can flip it). */
  static allOn(): DefenseSwitches {
    return new DefenseSwitches([], false);
  }

  isOn(id: DefenseId): boolean {
    return !this.off.has(id);
  }

  /** The number of runtime changes applied so far (0 = as started). */
  get version(): number {
    return this.currentVersion;
  }

  /** The ids that are off, in registry order. */
  offIds(): DefenseId[] {
    return DEFENSE_IDS.filter((id) => this.off.has(id));
  }

  /**
   * Checks a runtime change without applying it: the ids must be known and switchable, and the
   * process must not be in production. Throws {@link SwitchRefused}.
   */
  validate(off: readonly string[]): DefenseId[] {
    if (this.frozen) {
      throw new SwitchRefused('TRAINING.DISABLED', 'defenses cannot be switched in production');
    }
    const unknown = off.filter((id) => !isDefenseId(id));
    if (unknown.length > 0) {
      throw new SwitchRefused('TRAINING.UNKNOWN_DEFENSE', `unknown defense ${unknown.join(', ')}`);
    }
    const ids = off.filter(isDefenseId);
    const fixed = ids.filter((id) => !isSwitchable(id));
    if (fixed.length > 0) {
      throw new SwitchRefused(
        'TRAINING.NOT_SWITCHABLE',
        `${fixed.join(', ')} has no training path and cannot be switched off`,
      );
    }
    return ids;
  }

  /**
   * Replaces the set of defenses that are off, at runtime, as of `version`. A version not newer
   * than the current one is ignored (a late or repeated report), so applying is idempotent.
   * Returns the change, or `null` when nothing was applied. Throws {@link SwitchRefused}.
   * @example switches.apply(['bola'], 3) // { version: 3, off: ['bola'], turnedOff: ['bola'], turnedOn: [] }
   */
  apply(off: readonly string[], version: number): DefenseChange | null {
    const ids = this.validate(off);
    if (version <= this.currentVersion) return null;
    const next = new Set(ids);
    const turnedOff = DEFENSE_IDS.filter((id) => next.has(id) && !this.off.has(id));
    const turnedOn = DEFENSE_IDS.filter((id) => !next.has(id) && this.off.has(id));
    this.off = next;
    this.currentVersion = version;
    const change = { version, off: this.offIds(), turnedOff, turnedOn };
    for (const listener of this.listeners) listener(change);
    return change;
  }

  /** Calls `listener` after every applied runtime change; returns the unsubscribe function. */
  onChange(listener: (change: DefenseChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(): DefensesReport {
    const off = this.offIds();
    return {
      mode: off.length === 0 ? 'secure' : 'training',
      off,
      version: this.currentVersion,
      runtime: !this.frozen,
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
