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
    gain: "grace reads frank's repair order: the same estimate lines and total frank's own read of it returns",
    auditedBy: 'repair',
    auditAction: 'authz.denied',
    attacker: 'grace',
  },
  async () => {
    const cast = await loginCast();
    const { orderId } = await claimAtEstimate(cast);
    // grace (S-02) takes frank's (S-01) order id, e.g. from a shared screenshot or a guessable URL.
    type Order = {
      id?: string;
      lineItems?: { description: string; amountCents: number }[];
      totalCents?: number;
      code?: string;
    };
    const read = await call<Order>('GET', `/api/repair/orders/${orderId}`, { token: cast.grace });
    if (read.status === 200 && read.body.id === orderId) {
      // What grace got is frank's order only if it is what frank himself reads.
      const own = await call<Order>('GET', `/api/repair/orders/${orderId}`, { token: cast.frank });
      const estimate = JSON.stringify([own.body.lineItems, own.body.totalCents]);
      const got = JSON.stringify([read.body.lineItems, read.body.totalCents]);
      if (own.status === 200 && (own.body.lineItems?.length ?? 0) > 0 && got === estimate) {
        return {
          outcome: 'succeeded',
          status: 200,
          evidence: `grace read frank's repair order ${orderId}: the estimate frank reads himself (${estimate.slice(0, 120)})`,
        };
      }
      return { outcome: 'inconclusive', status: 200, evidence: JSON.stringify(read.body) };
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
