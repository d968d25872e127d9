import type { DefenseId } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import type { AuthenticatedParty } from '../party-token/authenticated-party.js';
import type { PolicyDecision, PolicyEngine, PolicyEntity, PolicyRequest } from './policy-engine.js';

/** Policies whose `@id` starts with this are training rules (they fire only with a defense off). */
export const TRAINING_POLICY_PREFIX = 'training-';

/**
 * The Cedar principal for a verified caller: `Party::"<kind>:<id>"` with `kind` and `partyId`.
 * @example partyPrincipal(caller) // { type: 'Party', id: 'member:M-100001', attrs: {...} }
 */
export function partyPrincipal(caller: AuthenticatedParty): PolicyEntity {
  return {
    type: 'Party',
    id: `${caller.party.kind}:${caller.party.id}`,
    attrs: { kind: caller.party.kind, partyId: caller.party.id },
  };
}

/**
 * Asks `engine` whether `caller` may do `action` on `resource`, with the caller's scopes in
 * `context.scopes` (plus any request facts in `context`, e.g. a payout and the authentication's
 * age) — the one way services build a policy request.
 * @example decideFor(engine, caller, 'ReadClaim', { type: 'Claim', id, attrs: { memberId } })
 */
export function decideFor(
  engine: PolicyEngine,
  caller: AuthenticatedParty,
  action: string,
  resource: PolicyEntity,
  context: PolicyRequest['context'] = {},
): PolicyDecision {
  return engine.decide({
    principal: partyPrincipal(caller),
    action,
    resource,
    context: { ...context, scopes: caller.scopes },
  });
}

export interface AuditedDecision {
  log: Logger;
  /** The defense this decision is: `bola` for an object, `bfla` for a function. */
  defense: DefenseId;
  /** The policy action, for the audit reason (`ReadClaim`). */
  action: string;
  caller: AuthenticatedParty;
  correlationId: string;
  /** What was asked for, for the audit line (`claim:<id>`, `claims`). */
  resource: string;
}

/**
 * Writes the audit line a decision deserves and returns whether it allowed: a denial is
 * `authz.denied` (the attack signal); an allow that only a training rule gave is `authz.allowed`
 * with the defense, so a workshop sees the hole being used. Ordinary allows write nothing.
 * @example
 * if (!auditDecision(policy.canRead(caller, claim), { log, defense: 'bola', action: 'ReadClaim', caller, correlationId, resource: `claim:${claim.id}` })) throw new ClaimNotFound();
 */
export function auditDecision(decision: PolicyDecision, about: AuditedDecision): boolean {
  const who = {
    defense: about.defense,
    correlationId: about.correlationId,
    sub: about.caller.sub,
    party: about.caller.party,
    resource: about.resource,
  };
  if (!decision.allowed) {
    const reason =
      decision.errors.length > 0
        ? `policy error: ${decision.errors.join('; ')}`
        : `${about.action} denied by policy for party kind ${about.caller.party.kind}`;
    audit(about.log, { action: 'authz.denied', ...who, reason });
    return false;
  }
  const training = decision.reasons.filter((id) => id.startsWith(TRAINING_POLICY_PREFIX));
  // Only when no secure rule permitted too: a tow operator moving their own company's job while
  // bola is off is ordinary work, not the hole being used (nor a score on the scoreboard).
  if (training.length > 0 && training.length === decision.reasons.length) {
    audit(about.log, {
      action: 'authz.allowed',
      ...who,
      reason: `allowed by ${training.join(', ')}`,
    });
  }
  return true;
}
