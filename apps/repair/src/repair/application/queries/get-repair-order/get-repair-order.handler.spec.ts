import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import { RepairPolicy } from '../../../policies/repair.policy.js';
import { RepairOrderAccess } from '../../order-access.js';
import { CORRELATION, ORDER_ID, storedOrder } from '../../ports/repair-order.fixtures.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import { GetRepairOrderHandler } from './get-repair-order.handler.js';
import { GetRepairOrderQuery } from './get-repair-order.query.js';

const caller = (party: Party, scopes = ['repair:read']): AuthenticatedParty =>
  partyCaller(party, scopes);
const frank = caller({ kind: 'repair_shop', id: 'S-01' });
const grace = caller({ kind: 'repair_shop', id: 'S-02' });
const carol = caller({ kind: 'adjuster', id: 'E-2001' });
const ORDER = storedOrder('OPEN');

function setup(defensesOff = '') {
  const orders = new InMemoryRepairOrderRepository(ORDER);
  const lookedUp: string[] = [];
  const findById = orders.findById.bind(orders);
  orders.findById = (id) => {
    lookedUp.push(id);
    return findById(id);
  };
  const log = createLogger('repair-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = RepairPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  const handler = new GetRepairOrderHandler(new RepairOrderAccess(orders, policy, log));
  const get = (who: AuthenticatedParty, id = ORDER_ID) =>
    handler.execute(new GetRepairOrderQuery(who, id, CORRELATION));
  return { lookedUp, warn, get };
}

describe('GetRepairOrderHandler', () => {
  it('returns the order to its shop without an audit line, also for an upper-case id', async () => {
    const { get, warn } = setup();
    await expect(get(frank)).resolves.toEqual(ORDER);
    await expect(get(frank, ORDER_ID.toUpperCase())).resolves.toEqual(ORDER);
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers REPAIR.ORDER_NOT_FOUND to another shop and to an adjuster, auditing each bola denial', async () => {
    const { get, warn } = setup();
    for (const who of [grace, carol]) {
      await expect(get(who)).rejects.toMatchObject({ code: 'REPAIR.ORDER_NOT_FOUND', status: 404 });
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          audit: true,
          action: 'authz.denied',
          defense: 'bola',
          correlationId: CORRELATION,
          party: who.party,
          resource: `repair-order:${ORDER_ID}`,
        }),
        'audit authz.denied',
      );
    }
  });

  it('answers the same 404 for an unknown id, and for a malformed one without touching storage', async () => {
    const { get, lookedUp } = setup();
    for (const id of ['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', '1', "' OR 1=1--"]) {
      await expect(get(frank, id)).rejects.toMatchObject({ code: 'REPAIR.ORDER_NOT_FOUND' });
    }
    expect(lookedUp).toEqual(['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d']);
  });

  it('with bola off, lets another shop read it and audits the training rule that allowed it', async () => {
    const { get, warn } = setup('bola');
    await expect(get(grace)).resolves.toEqual(ORDER);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'authz.allowed', defense: 'bola', party: grace.party }),
      'audit authz.allowed',
    );
    await expect(get(carol)).rejects.toMatchObject({ code: 'REPAIR.ORDER_NOT_FOUND' });
  });
});
