import {
  PARTY_TOKEN_MAX_TTL_SECONDS,
  PARTY_TOKEN_TYP,
  PartySchema,
  SCOPES_BY_PARTY_KIND,
  parseScope,
} from '@claimguard/contracts';
import type { DefenseSwitches } from '@claimguard/config';
import type { AuthenticatedParty } from './authenticated-party.js';
import { naiveVerify, type KeyByKid } from './naive-jwt.verifier.js';

/** Seconds of clock skew both paths allow on exp, nbf and iat (as the strict strategy does). */
const CLOCK_TOLERANCE_SECONDS = 5;

/** A training shortcut a token needed, for its `defense.off` audit line. */
export interface TrainingUse {
  defense: 'jwt-alg' | 'jwt-claims' | 'jwt-audience';
  reason: string;
}

export interface TrainingTokenPathOptions {
  service: string;
  issuer: string;
  defenses: DefenseSwitches;
  /** The gateway's keys by `kid`. */
  partyKeys: KeyByKid;
  /** identity's keys by `kid`, when the service knows identity (its ID tokens are signed so). */
  identityKeys?: KeyByKid;
}

/**
 * TRAINING ONLY — the party-token check while `jwt-alg` or `jwt-claims` is off. The guard asks it
 * first; it answers a caller only when the token needed a switched-off shortcut (each one then
 * audited as `defense.off` by the guard), and `undefined` for everything else, which the strict
 * passport strategy then decides exactly as in secure mode. With both defenses on it is never
 * consulted, so secure mode is the strategy alone. Switches are read on every call.
 * @example const caller = path.active() ? await path.accept(jwt) : undefined;
 */
export class TrainingTokenPath {
  constructor(private readonly options: TrainingTokenPathOptions) {}

  /** Whether a switched-off defense gives this path anything to do right now. */
  active(): boolean {
    const { defenses } = this.options;
    return !defenses.isOn('jwt-alg') || !defenses.isOn('jwt-claims');
  }

  /**
   * The caller a token proves through a training shortcut, with the shortcuts it needed; undefined
   * when the token needs none (the strict path takes it) or is refused even so.
   */
  async accept(
    jwt: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Promise<{ party: AuthenticatedParty; uses: TrainingUse[] } | undefined> {
    const { defenses, service } = this.options;
    const algOff = !defenses.isOn('jwt-alg');
    const claimsOff = !defenses.isOn('jwt-claims');
    if (!algOff && !claimsOff) return undefined;
    // With jwt-claims off the issuer is not bound to its key either: any key of the ecosystem
    // (identity's too) is "a trusted key", which is what lets an ID token in.
    const keyOf: KeyByKid = async (kid) =>
      (await this.options.partyKeys(kid)) ??
      (claimsOff && this.options.identityKeys ? await this.options.identityKeys(kid) : undefined);
    const verdict = await naiveVerify(jwt, keyOf, { trustHeader: algOff });
    if (!verdict.ok) return undefined;
    const uses: TrainingUse[] = [];
    if (verdict.weakness) {
      uses.push({ defense: 'jwt-alg', reason: `training mode: ${verdict.weakness} accepted` });
    }
    const { header, payload } = verdict;
    const violations = claimViolations(header, payload, this.options.issuer, nowSeconds);
    if (violations.length > 0) {
      if (!claimsOff) return undefined;
      uses.push({
        defense: 'jwt-claims',
        reason: `training mode: ${violations.join(', ')} ignored`,
      });
    }
    const idToken = violations.includes('ID token as access token');
    const aud = payload.aud;
    if (!idToken && aud !== service && !(Array.isArray(aud) && aud.includes(service))) {
      if (defenses.isOn('jwt-audience')) return undefined;
      uses.push({
        defense: 'jwt-audience',
        reason: `training mode: party token for ${String(aud)} accepted by ${service}`,
      });
    }
    if (uses.length === 0) return undefined;
    const party = PartySchema.safeParse(payload.party);
    if (typeof payload.sub !== 'string' || !payload.sub || !party.success) return undefined;
    return {
      party: {
        sub: payload.sub,
        party: party.data,
        // An ID token carries no scope: the lax service authorizes by who the person is, giving
        // them everything their party kind may ever hold.
        scopes:
          typeof payload.scope === 'string'
            ? parseScope(payload.scope)
            : [...SCOPES_BY_PARTY_KIND[party.data.kind]],
        clientId: typeof payload.client_id === 'string' ? payload.client_id : undefined,
        acr: typeof payload.acr === 'string' ? payload.acr : undefined,
        amr: Array.isArray(payload.amr) ? payload.amr.map(String) : undefined,
        authTime: typeof payload.auth_time === 'number' ? payload.auth_time : undefined,
        tokenId: typeof payload.jti === 'string' ? payload.jti : '',
      },
      uses,
    };
  }
}

/**
 * What the `jwt-claims` defense refuses in a token, as the strict strategy does: exp required and
 * not passed, nbf not ahead, iat at most 60 s old, the gateway's `iss`, `typ` party+jwt, and a
 * token with no `scope` (an OpenID Connect ID token) is no access token. Empty when all hold.
 * @example claimViolations({ typ: 'JWT' }, { iss, exp, iat, scope }, iss, now) // ['typ JWT']
 */
export function claimViolations(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  issuer: string,
  now: number,
): string[] {
  const found: string[] = [];
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number') found.push('missing exp');
  else if (exp + CLOCK_TOLERANCE_SECONDS <= now) found.push('expired');
  if (typeof nbf === 'number' && nbf - CLOCK_TOLERANCE_SECONDS > now) found.push('not yet valid');
  if (typeof iat !== 'number') found.push('missing iat');
  else if (now - iat > PARTY_TOKEN_MAX_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) found.push('too old');
  if (payload.iss !== issuer) found.push(`iss ${String(payload.iss)}`);
  if (header.typ !== PARTY_TOKEN_TYP) found.push(`typ ${String(header.typ)}`);
  if (payload.scope === undefined) found.push('ID token as access token');
  return found;
}
