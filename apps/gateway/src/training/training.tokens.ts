/** Injection token of the gateway's {@link Switchboard}. */
export const SWITCHBOARD = Symbol('SWITCHBOARD');
/** Injection token of the trust store that sync signatures are checked with (or undefined). */
export const SYNC_KEYS = Symbol('SYNC_KEYS');
/** Injection token of the key the switchboard signs its sync answers with (or undefined). */
export const SYNC_ANSWER_KEY = Symbol('SYNC_ANSWER_KEY');
