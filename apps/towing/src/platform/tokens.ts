/** The towing config's injection token (a value, not a class, so Nest needs a token). */
export const TOWING_CONFIG = Symbol('TOWING_CONFIG');
