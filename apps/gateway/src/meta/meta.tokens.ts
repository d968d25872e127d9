/** Injection token of the process's {@link DefenseSwitches}. */
export const DEFENSE_SWITCHES = Symbol('DEFENSE_SWITCHES');
