import type { Party } from './party.js';

/**
 * The fictional demo personas of DESIGN.md. Identity seeds them (hashing the passwords) only when
 * demo seeding is enabled, and never in production mode; the README documents the passwords.
 */
export interface DemoPersona {
  username: string;
  password: string;
  name: string;
  email: string;
  phone: string;
  party: Party;
  /** Persona must pass TOTP at login. */
  mfaRequired: boolean;
  /**
   * Demo-only TOTP secret (base32, RFC 6238 SHA-1/6 digits/30 s) that identity seeds for the MFA
   * personas, so tests and trainers can compute codes (README). Seeded only with demo users, which
   * production mode refuses; real users enroll their own secret.
   */
  totpSecret?: string;
}

export const DEMO_PERSONAS: readonly DemoPersona[] = [
  p('alice', 'Alice Member', { kind: 'member', id: 'M-100001' }, '+1-210-555-0101'),
  p('bob', 'Bob Member', { kind: 'member', id: 'M-100002' }, '+1-210-555-0102'),
  p('carol', 'Carol Adjuster', { kind: 'adjuster', id: 'E-2001' }, '+1-210-555-0201', {
    totpSecret: 'CAROLDEMOTOTPSECRETCLAIMGUARD234',
  }),
  p('ivan', 'Ivan Service Rep', { kind: 'service_rep', id: 'E-3001' }, '+1-210-555-0301'),
  p('dave', 'Dave Tow Operator', { kind: 'tow_operator', id: 'T-01' }, '+1-210-555-0401'),
  p('erin', 'Erin Tow Operator', { kind: 'tow_operator', id: 'T-02' }, '+1-210-555-0402'),
  p('frank', 'Frank Repair Shop', { kind: 'repair_shop', id: 'S-01' }, '+1-210-555-0501'),
  p('grace', 'Grace Repair Shop', { kind: 'repair_shop', id: 'S-02' }, '+1-210-555-0502'),
  p('heidi', 'Heidi Rental Agent', { kind: 'rental_agent', id: 'R-01' }, '+1-210-555-0601'),
  p('olga', 'Olga Instructor', { kind: 'instructor', id: 'E-9001' }, '+1-210-555-0901', {
    totpSecret: 'OLGADEMOTOTPSECRETCLAIMGUARD2345',
  }),
];

function p(
  username: string,
  name: string,
  party: Party,
  phone: string,
  mfa?: { totpSecret: string },
): DemoPersona {
  // Demo-only passwords, documented in the README: <name>-ClaimGuard-2026!
  return {
    username,
    password: `${username}-ClaimGuard-2026!`,
    name,
    email: `${username}@claimguard.example`,
    phone,
    party,
    mfaRequired: mfa !== undefined,
    ...(mfa ? { totpSecret: mfa.totpSecret } : {}),
  };
}
