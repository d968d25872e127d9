import { describe, expect, it } from 'vitest';
import { createLogger } from '@claimguard/observability';
import type { RepairShop } from '../../../domain/repair-shop.js';
import type { ChangeContext } from '../../ports/repair-order.repository.port.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import { RepairShopRepository } from '../../ports/repair-shop.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';
import { OpenRepairOrderCommand } from './open-repair-order.command.js';
import { OpenRepairOrderHandler } from './open-repair-order.handler.js';

class SeededShops extends RepairShopRepository {
  findById(id: string): Promise<RepairShop | undefined> {
    const shops: RepairShop[] = [
      { id: 'S-01', name: 'Lone Star Collision' },
      { id: 'S-02', name: 'Alamo Auto Body' },
    ];
    return Promise.resolve(shops.find((s) => s.id === id));
  }
}

const TX = { marker: 'the event transaction' } as unknown as Transaction;
const CONTEXT: ChangeContext = {
  correlationId: '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c',
  causationId: '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b',
};
const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';
const delivery = (shopId = 'S-01', claimId = CLAIM_ID) => ({
  claimId,
  jobId: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
  shopId,
});

function setup() {
  const orders = new InMemoryRepairOrderRepository();
  const handler = new OpenRepairOrderHandler(
    orders,
    new SeededShops(),
    createLogger('repair-test', 'silent'),
  );
  return { orders, handler };
}

describe('OpenRepairOrderHandler', () => {
  it("opens an OPEN order for the delivering shop with RepairOrderOpened, in the event's context and transaction", async () => {
    const { orders, handler } = setup();

    const result = await handler.execute(new OpenRepairOrderCommand(delivery(), CONTEXT, TX));

    expect(result).toMatchObject({
      outcome: 'opened',
      order: { claimId: CLAIM_ID, shopId: 'S-01', status: 'OPEN' },
    });
    expect(orders.writes).toHaveLength(1);
    const [write] = orders.writes;
    expect(write?.order.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(write?.events).toEqual([
      expect.objectContaining({
        type: 'RepairOrderOpened',
        data: { orderId: write?.order.id, claimId: CLAIM_ID, shopId: 'S-01' },
      }),
    ]);
    expect(write?.context).toEqual(CONTEXT);
    expect(write?.tx).toBe(TX);
  });

  it('keeps the existing order when the claim already has one, even for another shop, and saves nothing', async () => {
    const { orders, handler } = setup();
    const first = await handler.execute(new OpenRepairOrderCommand(delivery(), CONTEXT, TX));

    const again = await handler.execute(new OpenRepairOrderCommand(delivery('S-02'), CONTEXT, TX));

    expect(again).toMatchObject({ outcome: 'already-open', order: { shopId: 'S-01' } });
    expect(again.outcome === 'already-open' && again.order.id).toBe(
      first.outcome === 'opened' && first.order.id,
    );
    expect(orders.writes).toHaveLength(1);
  });

  it('opens nothing for a shop that is not a partner', async () => {
    const { orders, handler } = setup();
    const result = await handler.execute(new OpenRepairOrderCommand(delivery('S-99'), CONTEXT, TX));
    expect(result).toEqual({ outcome: 'unknown-shop' });
    expect(orders.writes).toHaveLength(0);
  });
});
