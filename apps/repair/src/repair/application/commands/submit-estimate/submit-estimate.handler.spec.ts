import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import { EstimateSubmittedV1Schema, type Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { RepairOrderStatus } from '../../../domain/repair-order-status.js';
import { RepairPolicy } from '../../../policies/repair.policy.js';
import { RepairOrderAccess } from '../../order-access.js';
import { CLAIM_ID, CORRELATION, ORDER_ID, storedOrder } from '../../ports/repair-order.fixtures.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import { SubmitEstimateCommand } from './submit-estimate.command.js';
import { SubmitEstimateHandler } from './submit-estimate.handler.js';

const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['repair:write']);
const frank = caller({ kind: 'repair_shop', id: 'S-01' });
const grace = caller({ kind: 'repair_shop', id: 'S-02' });
const LINES = [
  { description: 'Front bumper cover', amountCents: 48_000 },
  { description: 'Paint and blend', amountCents: 32_550 },
];

function setup(status: RepairOrderStatus = 'OPEN', defensesOff = '') {
  const orders = new InMemoryRepairOrderRepository(storedOrder(status));
  const log = createLogger('repair-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = RepairPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  const handler = new SubmitEstimateHandler(
    new RepairOrderAccess(orders, policy, log),
    orders,
    log,
  );
  const submit = (who: AuthenticatedParty, id = ORDER_ID) =>
    handler.execute(new SubmitEstimateCommand(who, id, LINES, CORRELATION));
  return { orders, warn, submit };
}

describe('SubmitEstimateHandler', () => {
  it("saves the shop's estimate with a server-side total and EstimateSubmitted, by the caller, in one write", async () => {
    const { orders, submit } = setup();

    await expect(submit(frank)).resolves.toMatchObject({
      status: 'ESTIMATE_SUBMITTED',
      lineItems: LINES,
      totalCents: 80_550,
    });

    expect(orders.writes).toHaveLength(1);
    const [write] = orders.writes;
    expect(write).toMatchObject({
      kind: 'update',
      tx: undefined,
      context: { correlationId: CORRELATION, actor: { sub: frank.sub, party: frank.party } },
    });
    const [event] = write?.events ?? [];
    expect(event?.type).toBe('EstimateSubmitted');
    expect(EstimateSubmittedV1Schema.parse(event?.data)).toEqual({
      orderId: ORDER_ID,
      claimId: CLAIM_ID,
      shopId: 'S-01',
      lineItems: LINES,
      totalCents: 80_550,
    });
  });

  it('answers REPAIR.ORDER_NOT_FOUND to another shop, audits the bola denial and writes nothing', async () => {
    const { orders, warn, submit } = setup();
    await expect(submit(grace)).rejects.toMatchObject({
      code: 'REPAIR.ORDER_NOT_FOUND',
      status: 404,
    });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        party: grace.party,
        resource: `repair-order:${ORDER_ID}`,
      }),
      'audit authz.denied',
    );
    expect(orders.writes).toHaveLength(0);
  });

  it('answers the same 404 for an unknown and a malformed id', async () => {
    const { submit } = setup();
    for (const id of ['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', '1', "' OR 1=1--"]) {
      await expect(submit(frank, id)).rejects.toMatchObject({ code: 'REPAIR.ORDER_NOT_FOUND' });
    }
  });

  it('refuses a second estimate with 409 REPAIR.ILLEGAL_TRANSITION', async () => {
    const { orders, submit } = setup('ESTIMATE_SUBMITTED');
    await expect(submit(frank)).rejects.toMatchObject({
      code: 'REPAIR.ILLEGAL_TRANSITION',
      status: 409,
    });
    expect(orders.writes).toHaveLength(0);
  });

  it('answers 409 when another request moved the order between read and write', async () => {
    const { orders, submit } = setup();
    const update = orders.update.bind(orders);
    orders.update = (order, _expected, ...rest) => update(order, 'ESTIMATE_SUBMITTED', ...rest);
    await expect(submit(frank)).rejects.toMatchObject({ code: 'REPAIR.ILLEGAL_TRANSITION' });
  });

  it('with bola off, lets another shop estimate the order and audits the training rule for the read and the write', async () => {
    const { warn, submit } = setup('OPEN', 'bola');
    await expect(submit(grace)).resolves.toMatchObject({ status: 'ESTIMATE_SUBMITTED' });
    const allowed = warn.mock.calls
      .map(([fields]) => fields as { action?: string; defense?: string; reason?: string })
      .filter((fields) => fields.action === 'authz.allowed');
    expect(allowed).toEqual([
      expect.objectContaining({
        defense: 'bola',
        reason: 'allowed by training-bola-off-any-repair-shop-reads-any-order',
      }),
      expect.objectContaining({
        defense: 'bola',
        reason: 'allowed by training-bola-off-any-repair-shop-works-any-order',
      }),
    ]);
  });
});
