import { isIP } from 'node:net';
import { isDefenseId, type Detection } from '@claimguard/contracts';
import type { AuditEvent } from '@claimguard/observability';

/**
 * Whom a line without a person may be credited to: a workload its certificate proved
 * (`workload towing`), or a client address the server saw on the connection (`client 127.0.0.61`)
 * — never a name the request chose for itself (an `Origin`, a header), which anyone could use to
 * fill the scoreboard with whatever they like.
 */
export function creditableActor(actor: string): boolean {
  if (/^workload [a-z][a-z0-9-]{0,39}$/.test(actor)) return true;
  const client = /^client (.+)$/.exec(actor)?.[1];
  return client !== undefined && isIP(client) !== 0;
}

/**
 * The audit lines that mean "a person just got through a hole that a defense would have closed":
 * a training path let the request in (`defense.off`), or only a training rule of the policy file
 * allowed it (`authz.allowed`). Lines without a person (`sub`) or a {@link creditableActor} — the
 * start-up notice, an unsigned event, a name the request chose — are not anyone's score. Returns
 * the detection, or undefined.
 * @example detectionOf({ action: 'defense.off', defense: 'bola', sub: 'bob', reason: '…' }, now)
 */
export function detectionOf(event: AuditEvent, at: Date = new Date()): Detection | undefined {
  if (event.action !== 'defense.off' && event.action !== 'authz.allowed') return undefined;
  // A person by their `sub`; else a workload or a client address the server itself established.
  const who = event.sub ?? (event.actor && creditableActor(event.actor) ? event.actor : undefined);
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
