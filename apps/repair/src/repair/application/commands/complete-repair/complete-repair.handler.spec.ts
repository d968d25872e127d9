import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { RepairOrderStatus } from '../../../domain/repair-order-status.js';
import { RepairPolicy } from '../../../policies/repair.policy.js';
import { RepairOrderAccess } from '../../order-access.js';
import { CLAIM_ID, CORRELATION, ORDER_ID, storedOrder } from '../../ports/repair-order.fixtures.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import { CompleteRepairCommand } from './complete-repair.command.js';
import { CompleteRepairHandler } from './complete-repair.handler.js';

const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['repair:write']);
const frank = caller({ kind: 'repair_shop', id: 'S-01' });
const grace = caller({ kind: 'repair_shop', id: 'S-02' });

function setup(status: RepairOrderStatus, defensesOff = '') {
  const orders = new InMemoryRepairOrderRepository(storedOrder(status));
  const log = createLogger('repair-test', 'silent');
  const policy = RepairPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  const handler = new CompleteRepairHandler(
    new RepairOrderAccess(orders, policy, log),
    orders,
    log,
  );
  const complete = (who: AuthenticatedParty) =>
    handler.execute(new CompleteRepairCommand(who, ORDER_ID, CORRELATION));
  return { orders, complete };
}

describe('CompleteRepairHandler', () => {
  it('completes an approved order, keeping the payout, and saves RepairCompleted', async () => {
    const { orders, complete } = setup('APPROVED');
    await expect(complete(frank)).resolves.toMatchObject({
      status: 'COMPLETED',
      payoutCents: 75_000,
    });
    expect(orders.writes).toEqual([
      expect.objectContaining({
        kind: 'update',
        events: [
          expect.objectContaining({
            type: 'RepairCompleted',
            data: { orderId: ORDER_ID, claimId: CLAIM_ID, shopId: 'S-01' },
          }),
        ],
      }),
    ]);
  });

  it.each(['OPEN', 'ESTIMATE_SUBMITTED', 'DENIED', 'COMPLETED'] as const)(
    'answers 409 REPAIR.ILLEGAL_TRANSITION for an order that is %s',
    async (status) => {
      const { orders, complete } = setup(status);
      await expect(complete(frank)).rejects.toMatchObject({
        code: 'REPAIR.ILLEGAL_TRANSITION',
        status: 409,
      });
      expect(orders.writes).toHaveLength(0);
    },
  );

  it("answers 404 to another shop before telling it anything about the order's state", async () => {
    const { complete } = setup('OPEN');
    await expect(complete(grace)).rejects.toMatchObject({ code: 'REPAIR.ORDER_NOT_FOUND' });
  });

  it('with bola off, lets another shop complete the order', async () => {
    const { complete } = setup('APPROVED', 'bola');
    await expect(complete(grace)).resolves.toMatchObject({ status: 'COMPLETED' });
  });
});
