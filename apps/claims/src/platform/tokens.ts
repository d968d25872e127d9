/**
 * The claims config's injection token (a value, not a class, so Nest needs a token). The chassis'
 * tokens (`LOGGER`, `OUTBOX_RELAY`, …) come from `@claimguard/service-kit`.
 */
export const CLAIMS_CONFIG = Symbol('CLAIMS_CONFIG');
