import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, loginCast } from '../support/saga.js';

attack(
  {
    id: 'API1-BOLA-002',
    title: "a collision shop reads another shop's repair order by its id",
    defense: 'bola',
    owasp: 'API1:2023 Broken Object Level Authorization',
    cwe: 'CWE-639',
    asvs: 'V4.2.1',
    blocked: '404 REPAIR.ORDER_NOT_FOUND',
    gain: "grace's read of frank's repair order answers 200 with its id (only the id is compared, not the content frank's own read returns)",
    auditedBy: 'repair',
    auditAction: 'authz.denied',
    attacker: 'grace',
  },
  async () => {
    const cast = await loginCast();
    const { orderId } = await claimAtEstimate(cast);
    // grace (S-02) takes frank's (S-01) order id, e.g. from a shared screenshot or a guessable URL.
    const read = await call<{ id?: string; totalCents?: number; code?: string }>(
      'GET',
      `/api/repair/orders/${orderId}`,
      { token: cast.grace },
    );
    if (read.status === 200 && read.body.id === orderId) {
      return { outcome: 'succeeded', status: 200, evidence: "grace read frank's repair order" };
    }
    if (read.status === 404 && read.body.code === 'REPAIR.ORDER_NOT_FOUND') {
      return {
        outcome: 'blocked',
        status: 404,
        correlationId: read.correlationId,
        evidence: 'not found for S-02',
      };
    }
    return { outcome: 'inconclusive', status: read.status, evidence: JSON.stringify(read.body) };
  },
);
