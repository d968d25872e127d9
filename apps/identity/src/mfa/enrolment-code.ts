import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from './totp.js';

/** How long an issued enrolment code works unless the administrator says otherwise. */
export const ENROLMENT_CODE_DEFAULT_MINUTES = 30;
/** The longest lifetime an administrator may give a code (a help-desk handover, not a standing key). */
export const ENROLMENT_CODE_MAX_MINUTES = 24 * 60;

/** A fresh enrolment code: the text handed to the person, and the hash identity keeps. */
export interface IssuedEnrolmentCode {
  code: string;
  hash: string;
}

/**
 * Creates an out-of-band enrolment code: 80 random bits as 16 base32 characters in groups of four
 * (read out over the phone or handed over in person). Only its SHA-256 is stored: a random 80-bit
 * code needs no slow hash, and the MFA counter bounds online guessing.
 * @example const { code, hash } = newEnrolmentCode(); // code 'K7QF-2MZD-X4PA-9JRT'
 */
export function newEnrolmentCode(): IssuedEnrolmentCode {
  const raw = base32Encode(randomBytes(10));
  const code = raw.replace(/(.{4})(?!$)/g, '$1-');
  return { code, hash: hashEnrolmentCode(code) };
}

/**
 * The stored form of a code as typed: case, spaces and dashes ignored; anything that cannot be a
 * code hashes to a value no issued code has.
 * @example hashEnrolmentCode('k7qf 2mzd x4pa 9jrt') === hashEnrolmentCode('K7QF-2MZD-X4PA-9JRT')
 */
export function hashEnrolmentCode(typed: string): string {
  const clean = typed.replace(/[\s-]/g, '').toUpperCase().slice(0, 64);
  return createHash('sha256').update(`claimguard-enrolment-code\n${clean}`).digest('hex');
}
