import { TOPICS } from '@claimguard/contracts';
import { eventually } from '@claimguard/testing';
import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { auditLines } from '../support/audit.js';
import { publishAs } from '../support/broker.js';
import { claimAtEstimate, loginCast } from '../support/saga.js';

attack(
  {
    id: 'EVT-FORGE-001',
    title: 'a compromised towing service forges ClaimApproved on the claims topic',
    defense: 'event-signing',
    owasp: 'API8:2023 Security Misconfiguration (lateral movement over the event bus)',
    cwe: 'CWE-345',
    asvs: 'V1.5.2',
    blocked: 'the forged event goes to the DLQ: not signed with the claims key',
    gain: 'a forged ClaimApproved event on the broker: repair, polled, shows the order approved with the forged payout',
    auditedBy: 'repair',
    auditAction: 'event.rejected',
    attacker: 'workload towing',
  },
  async () => {
    const cast = await loginCast();
    const { claimId, orderId } = await claimAtEstimate(cast);
    // The attacker holds towing's signing key and claims to be the claims service.
    const forged = await publishAs('towing', TOPICS.claims, {
      type: 'ClaimApproved',
      version: 1,
      source: 'claims',
      subject: claimId,
      data: { claimId, orderId, adjusterId: 'E-2001', payoutCents: 9_900_000 },
    });
    const correlationId = forged.correlationId ?? forged.traceId;
    const outcome = await eventually(
      async () => {
        const order = await call<{ status?: string; payoutCents?: number }>(
          'GET',
          `/api/repair/orders/${orderId}`,
          { token: cast.frank },
        );
        if (order.body.status === 'APPROVED') return { approved: true, order: order.body };
        // With the defense off repair audits the forgery too (`defense.off`), and applies it.
        const refused = (await auditLines('repair', correlationId, 0)).filter(
          (line) => line.action === 'event.rejected',
        );
        return refused.length > 0 ? { approved: false, order: order.body } : undefined;
      },
      20_000,
      'the forged approval to be applied or refused',
    );
    if (outcome.approved) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `repair approved order ${orderId} with payout ${outcome.order.payoutCents}`,
      };
    }
    return {
      outcome: 'blocked',
      status: 200,
      correlationId,
      evidence: `order stayed ${outcome.order.status}; repair dead-lettered the forged event`,
    };
  },
);
