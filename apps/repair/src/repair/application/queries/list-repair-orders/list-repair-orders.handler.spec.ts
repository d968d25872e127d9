import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import { RepairPolicy } from '../../../policies/repair.policy.js';
import { CORRELATION, storedOrder } from '../../ports/repair-order.fixtures.js';
import { InMemoryRepairOrderRepository } from '../../ports/repair-order.repository.fake.js';
import { ListRepairOrdersHandler } from './list-repair-orders.handler.js';
import { ListRepairOrdersQuery } from './list-repair-orders.query.js';

const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['repair:read']);
const franks = storedOrder('OPEN', 'S-01');
const graces = { ...storedOrder('APPROVED', 'S-02'), id: '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d' };

function setup(defensesOff = '') {
  const log = createLogger('repair-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const handler = new ListRepairOrdersHandler(
    new InMemoryRepairOrderRepository(franks, graces),
    RepairPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test')),
    log,
  );
  const list = (party: Party) =>
    handler.execute(new ListRepairOrdersQuery(caller(party), CORRELATION));
  return { warn, list };
}

describe('ListRepairOrdersHandler', () => {
  it("lists exactly the caller's shop's orders", async () => {
    const { list } = setup();
    await expect(list({ kind: 'repair_shop', id: 'S-01' })).resolves.toEqual([franks]);
    await expect(list({ kind: 'repair_shop', id: 'S-02' })).resolves.toEqual([graces]);
  });

  it('answers 403 AUTHZ.FORBIDDEN to other party kinds and audits the bfla denial', async () => {
    const { list, warn } = setup();
    for (const party of [
      { kind: 'member', id: 'M-100001' },
      { kind: 'tow_operator', id: 'T-01' },
      { kind: 'adjuster', id: 'E-2001' },
    ] satisfies Party[]) {
      await expect(list(party)).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN', status: 403 });
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'authz.denied', defense: 'bfla', party }),
        'audit authz.denied',
      );
    }
  });

  it('keeps listing per shop with bola off', async () => {
    const { list } = setup('bola');
    await expect(list({ kind: 'repair_shop', id: 'S-02' })).resolves.toEqual([graces]);
  });
});
