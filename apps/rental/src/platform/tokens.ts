/** The rental config's injection token (a value, not a class, so Nest needs a token). */
export const RENTAL_CONFIG = Symbol('RENTAL_CONFIG');
