import { isDefenseId, type Detection } from '@claimguard/contracts';
import type { AuditEvent } from '@claimguard/observability';

/**
 * The audit lines that mean "a person just got through a hole that a defense would have closed":
 * a training path let the request in (`defense.off`), or only a training rule of the policy file
 * allowed it (`authz.allowed`). Lines without a person (`sub`) — the start-up notice, an unsigned
 * event — are not anyone's score. Returns the detection, or undefined.
 * @example detectionOf({ action: 'defense.off', defense: 'bola', sub: 'bob', reason: '…' }, now)
 */
export function detectionOf(event: AuditEvent, at: Date = new Date()): Detection | undefined {
  if (event.action !== 'defense.off' && event.action !== 'authz.allowed') return undefined;
  // A person by their `sub`; else whoever the server could name (a client, an origin, a workload).
  const who = event.sub ?? event.actor;
  if (!event.defense || !isDefenseId(event.defense) || !who) return undefined;
  return {
    defense: event.defense,
    sub: who.slice(0, 200),
    ...(event.party ? { party: event.party as Detection['party'] } : {}),
    ...(event.correlationId ? { correlationId: event.correlationId.slice(0, 200) } : {}),
    reason: event.reason.slice(0, 500),
    at: at.toISOString(),
  };
}
