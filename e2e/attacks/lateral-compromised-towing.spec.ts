import { randomUUID } from 'node:crypto';
import { TOPICS } from '@claimguard/contracts';
import { eventually } from '@claimguard/testing';
import { attack, type AttackResult } from '../support/attack.js';
import { call } from '../support/api.js';
import { auditLines } from '../support/audit.js';
import { replayAtOtherAudience } from '../support/audience-replay.js';
import { publishAs } from '../support/broker.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { login, persona } from '../support/personas.js';
import { itemFor } from '../support/saga.js';

/**
 * Lateral movement from a compromised towing service. The attacker owns towing's host: its mTLS
 * certificate (`as: 'towing'`), its event-signing key (`publishAs('towing', …)`), the party tokens
 * the gateway sends it, and its DATABASE_URL. Each step is stopped by one defense, proven both
 * ways; the database step is a secure-only check (e2e/journeys/lateral-database-isolation.spec.ts)
 * because database isolation has no runtime training path. scripts/lateral-movement.mjs runs the
 * same attempts by hand against a dev stack.
 */
const OWASP = 'API8:2023 Security Misconfiguration (lateral movement)';

/** A straight call with towing's certificate: refused by the route's caller allow-list, or not. */
async function withTowingCertificate(
  base: string,
  path: string,
  token: string,
  read: (body: unknown) => string | undefined,
): Promise<AttackResult> {
  const correlationId = randomUUID();
  const response = await call<{ code?: string }>('GET', path, {
    base,
    as: 'towing',
    token,
    headers: { 'x-correlation-id': correlationId },
  });
  if (response.status === 403 && response.body.code === 'AUTH.CALLER_FORBIDDEN') {
    return {
      outcome: 'blocked',
      status: 403,
      correlationId,
      evidence: "towing's certificate is not on the route's caller allow-list",
    };
  }
  const seen = response.status === 200 ? read(response.body) : undefined;
  if (seen) return { outcome: 'succeeded', status: 200, evidence: seen };
  return {
    outcome: 'inconclusive',
    status: response.status,
    evidence: JSON.stringify(response.body),
  };
}

attack(
  {
    id: 'LAT-TOW-001',
    title: "towing's certificate reads a member's claim straight from the claims service",
    defense: 'mtls',
    owasp: OWASP,
    cwe: 'CWE-923',
    asvs: 'V9.2.3',
    blocked: '403 AUTH.CALLER_FORBIDDEN',
    gain: "towing's certificate reads alice's claim straight from claims: 200 with the filed claim's id (only the id is compared)",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'workload towing',
  },
  async () => {
    const claimId = await fileClaim(await login('alice', 'claims:read claims:write'));
    // A claims-audience party token of alice's, lifted from a log or memory dump on the network.
    const token = await stolenPartyToken({
      sub: 'alice-sub',
      party: persona('alice').party,
      aud: 'claims',
      scope: 'claims:read',
    });
    return withTowingCertificate(env.claims, `/claims/${claimId}`, token, (body) => {
      const claim = body as { id?: string; description?: string };
      return claim.id === claimId
        ? `claims served claim ${claimId} ("${claim.description ?? ''}") to towing's certificate`
        : undefined;
    });
  },
);

attack(
  {
    id: 'LAT-TOW-002',
    title: 'a party token the gateway minted for towing is accepted as authentication at rental',
    defense: 'jwt-audience',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-287',
    asvs: 'V3.5.3',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: "rental accepts the towing-audience token as authentication: it answers the route's scope refusal (403 AUTH.INSUFFICIENT_SCOPE), not the audience one; no data is read (ADR 0010)",
    auditedBy: 'rental',
    auditAction: 'token.rejected',
    attacker: 'dave',
  },
  // From a position mTLS lets through (the gateway's): LAT-TOW-001/004 prove the mTLS layer, this
  // one the audience check alone.
  () =>
    replayAtOtherAudience({
      username: 'dave',
      mintedFor: 'towing',
      scope: 'towing:read towing:write',
      target: env.rental,
      targetName: 'rental',
      path: '/rental/reservations',
    }),
);

attack(
  {
    id: 'LAT-TOW-003',
    title: "a RepairCompleted forged with towing's signing key closes a member's rental",
    defense: 'event-signing',
    owasp: 'API8:2023 Security Misconfiguration (lateral movement over the event bus)',
    cwe: 'CWE-345',
    asvs: 'V1.5.2',
    blocked: 'rental dead-letters the event: not signed by repair, the only emitter of the type',
    gain: "a forged RepairCompleted closes alice's rental: the reservation, re-read by rental, is CLOSED though the car was never repaired",
    auditedBy: 'rental',
    auditAction: 'event.rejected',
    attacker: 'workload towing',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write rental:read');
    const claimId = await fileClaim(alice, { needsRental: true });
    const reservation = await itemFor(alice, '/api/rental/reservations', claimId);
    const forged = await publishAs('towing', TOPICS.repair, {
      type: 'RepairCompleted',
      version: 1,
      source: 'repair',
      subject: claimId,
      data: { orderId: randomUUID(), claimId, shopId: 'S-01' },
    });
    const correlationId = forged.correlationId ?? forged.traceId;
    const outcome = await eventually(
      async () => {
        const read = await call<{ status?: string }>(
          'GET',
          `/api/rental/reservations/${reservation.id}`,
          { token: alice },
        );
        if (read.body.status === 'CLOSED') return { closed: true, status: read.body.status };
        // With the defense off rental audits the forgery too (`defense.off`), and applies it.
        const refused = (await auditLines('rental', correlationId, 0)).filter(
          (line) => line.action === 'event.rejected',
        );
        return refused.length > 0 ? { closed: false, status: read.body.status } : undefined;
      },
      20_000,
      'the forged RepairCompleted to be applied or refused',
    );
    if (outcome.closed) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `rental closed reservation ${reservation.id} of a claim whose car was never repaired`,
      };
    }
    return {
      outcome: 'blocked',
      status: 200,
      correlationId,
      evidence: `reservation stayed ${outcome.status ?? 'unknown'}; rental refused the forged event`,
    };
  },
);

attack(
  {
    id: 'LAT-TOW-004',
    title: "towing's certificate lists rental reservations straight from the rental service",
    defense: 'mtls',
    owasp: OWASP,
    cwe: 'CWE-923',
    asvs: 'V9.2.3',
    blocked: '403 AUTH.CALLER_FORBIDDEN',
    gain: "towing's certificate gets a reservations list from rental (a list is shown, not that it holds anyone's reservation)",
    auditedBy: 'rental',
    auditAction: 'authz.denied',
    attacker: 'workload towing',
  },
  async () => {
    // A rental-audience token of the rental agent's, lifted like the one in LAT-TOW-001.
    const token = await stolenPartyToken({
      sub: 'heidi-sub',
      party: persona('heidi').party,
      aud: 'rental',
      scope: 'rental:read',
    });
    return withTowingCertificate(env.rental, '/rental/reservations', token, (body) => {
      const items = (body as { items?: unknown[] }).items;
      return Array.isArray(items)
        ? `rental listed ${items.length} reservations to towing's certificate`
        : undefined;
    });
  },
);
