import { describe, expect, it } from 'vitest';
import { createLogger } from '@claimguard/observability';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';
import type { RepairOrderStatus } from '../../../domain/repair-order-status.js';
import type { ChangeContext } from '../../ports/repair-order.repository.port.js';
import { CLAIM_ID, ORDER_ID, storedOrder } from '../../ports/repair-order.fixtures.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import type { Transaction } from '../../ports/transaction.js';
import { RecordClaimDecisionCommand, type ClaimDecision } from './record-claim-decision.command.js';
import { RecordClaimDecisionHandler } from './record-claim-decision.handler.js';

const TX = { marker: 'the event transaction' } as unknown as Transaction;
const CONTEXT: ChangeContext = {
  correlationId: '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c',
  causationId: '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b',
};
const stored = (status: RepairOrderStatus) => storedOrder(status);

const approved: ClaimDecision = {
  kind: 'approved',
  claimId: CLAIM_ID,
  orderId: ORDER_ID,
  payoutCents: 75_000,
};
const denied: ClaimDecision = { kind: 'denied', claimId: CLAIM_ID, orderId: ORDER_ID };

function setup(...orders: RepairOrderSnapshot[]) {
  const repository = new InMemoryRepairOrderRepository(...orders);
  const handler = new RecordClaimDecisionHandler(repository, createLogger('repair-test', 'silent'));
  const run = (decision: ClaimDecision) =>
    handler.execute(new RecordClaimDecisionCommand(decision, CONTEXT, TX));
  return { repository, run };
}

describe('RecordClaimDecisionHandler', () => {
  it("approves the claim's estimated order with the payout, in the event's transaction, raising nothing", async () => {
    const { repository, run } = setup(stored('ESTIMATE_SUBMITTED'));
    await expect(run(approved)).resolves.toMatchObject({
      outcome: 'moved',
      order: { status: 'APPROVED', payoutCents: 75_000 },
    });
    expect(repository.writes).toEqual([
      expect.objectContaining({ kind: 'update', events: [], context: CONTEXT, tx: TX }),
    ]);
  });

  it("denies the claim's estimated order", async () => {
    const { repository, run } = setup(stored('ESTIMATE_SUBMITTED'));
    await expect(run(denied)).resolves.toMatchObject({
      outcome: 'moved',
      order: { status: 'DENIED' },
    });
    expect(repository.orders.get(ORDER_ID)?.status).toBe('DENIED');
  });

  it.each([
    ['APPROVED', approved],
    ['COMPLETED', approved],
    ['DENIED', denied],
  ] as const)(
    'changes nothing for a decision the %s order already passed',
    async (status, decision) => {
      const { repository, run } = setup(stored(status));
      await expect(run(decision)).resolves.toMatchObject({ outcome: 'already-passed' });
      expect(repository.writes).toHaveLength(0);
    },
  );

  it.each([
    ['OPEN', approved, 'ClaimApproved for a repair order that is OPEN'],
    ['DENIED', approved, 'ClaimApproved for a repair order that is DENIED'],
    ['APPROVED', denied, 'ClaimDenied for a repair order that is APPROVED'],
    ['COMPLETED', denied, 'ClaimDenied for a repair order that is COMPLETED'],
  ] as const)(
    'refuses a decision on a %s order that no legal move explains',
    async (status, decision, reason) => {
      const { repository, run } = setup(stored(status));
      await expect(run(decision)).resolves.toEqual({ outcome: 'refused', reason });
      expect(repository.writes).toHaveLength(0);
    },
  );

  it('refuses a decision for a claim without order, and one naming another order', async () => {
    const { run } = setup(stored('ESTIMATE_SUBMITTED'));
    await expect(
      run({ ...approved, claimId: '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0' }),
    ).resolves.toEqual({
      outcome: 'refused',
      reason: 'ClaimApproved for a claim without repair order',
    });
    await expect(
      run({ ...denied, orderId: '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d' }),
    ).resolves.toEqual({
      outcome: 'refused',
      reason: "ClaimDenied names another order than the claim's",
    });
  });

  it('fails (to be retried) when the order moved between read and write', async () => {
    const { repository, run } = setup(stored('ESTIMATE_SUBMITTED'));
    const update = repository.update.bind(repository);
    repository.update = (order, _expected, ...rest) => update(order, 'OPEN', ...rest);
    await expect(run(approved)).rejects.toThrow(/changed while ClaimApproved was applied/);
  });
});
