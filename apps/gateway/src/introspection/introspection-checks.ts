import { IntrospectionSchema, parseScope } from '@claimguard/contracts';
import type { Caller } from '../edge-auth/caller.js';

export type IntrospectionOutcome =
  { active: true; caller: Caller } | { active: false; reason: string };

export interface IntrospectionExpectations {
  audience: string;
  issuer: string;
  /** Epoch seconds. */
  now: number;
}

/**
 * Judges an RFC 7662 answer. `active: true` alone is not enough: the token must be meant for this
 * API (`aud`), unexpired, from our issuer, a plain bearer access token (a refresh token has no
 * `aud` and no bearer `token_type`; a sender-constrained one carries `cnf`, which the gateway
 * cannot check), and it must name a person and their party.
 */
export function judgeIntrospection(
  raw: unknown,
  expect: IntrospectionExpectations,
): IntrospectionOutcome {
  const parsed = IntrospectionSchema.safeParse(raw);
  if (!parsed.success)
    return { active: false, reason: 'introspection answer lacks required claims' };
  const answer = parsed.data;
  if (!answer.active) return { active: false, reason: 'token is not active' };
  const audiences = answer.aud === undefined ? [] : [answer.aud].flat();
  if (!audiences.includes(expect.audience)) {
    return { active: false, reason: 'token audience is not this API' };
  }
  if (answer.exp <= expect.now) return { active: false, reason: 'token has expired' };
  if (answer.iss !== undefined && answer.iss !== expect.issuer) {
    return { active: false, reason: 'token issuer is not identity' };
  }
  if (answer.token_type !== undefined && answer.token_type.toLowerCase() !== 'bearer') {
    return { active: false, reason: 'token is not a bearer access token' };
  }
  if (typeof raw === 'object' && raw !== null && 'cnf' in raw) {
    return { active: false, reason: 'sender-constrained token cannot be used at the gateway' };
  }
  const caller: Caller = {
    sub: answer.sub,
    party: answer.party,
    scopes: parseScope(answer.scope),
    clientId: answer.client_id,
    exp: answer.exp,
    source: 'introspection',
  };
  if (answer.acr !== undefined) caller.acr = answer.acr;
  if (answer.amr !== undefined) caller.amr = answer.amr;
  if (answer.auth_time !== undefined) caller.authTime = answer.auth_time;
  return { active: true, caller };
}
