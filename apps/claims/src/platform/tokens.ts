/** Injection tokens for values that are not classes (Nest needs a token to inject them). */
export const CLAIMS_CONFIG = Symbol('CLAIMS_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
