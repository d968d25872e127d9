/** The repair config's injection token (a value, not a class, so Nest needs a token). */
export const REPAIR_CONFIG = Symbol('REPAIR_CONFIG');
