import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { FileClaimInput } from '../../../domain/claim.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { InMemoryClaimRepository } from '../../../testing/in-memory-claim.repository.js';
import { FileClaimCommand } from './file-claim.command.js';
import { FileClaimHandler } from './file-claim.handler.js';

const caller = (party: Party, scopes = ['claims:read', 'claims:write']): AuthenticatedParty => ({
  ...partyCaller(party, scopes),
  clientId: 'claimguard-web',
});

const today = new Date().toISOString().slice(0, 10);
const input: FileClaimInput = {
  vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
  lossDate: today,
  location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
  description: 'Hit a pothole; front tire blown.',
  needsTow: true,
  needsRental: true,
};
const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';

function setup() {
  const repository = new InMemoryClaimRepository();
  const log = createLogger('claims-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const handler = new FileClaimHandler(
    repository,
    ClaimsPolicy.load(DefenseSwitches.allOn()),
    log,
    {
      defenses: DefenseSwitches.allOn(),
    },
  );
  return { repository, handler, warn };
}

describe('FileClaimHandler', () => {
  it("files the claim for the calling member and saves it with its ClaimFiled event and the caller's context", async () => {
    const { repository, handler } = setup();
    const alice = caller({ kind: 'member', id: 'M-100001' });

    const result = await handler.execute(new FileClaimCommand(alice, input, CORRELATION));

    expect(result).toMatchObject({ memberId: 'M-100001', status: 'FILED', lossDate: today });
    expect(result.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(repository.saved).toHaveLength(1);
    const [saved] = repository.saved;
    expect(saved?.claim).toEqual(result);
    expect(saved?.events).toEqual([
      expect.objectContaining({ type: 'ClaimFiled', version: 1, claimId: result.id }),
    ]);
    expect(saved?.events[0]?.data).toMatchObject({
      claimId: result.id,
      memberId: 'M-100001',
      needsRental: true,
    });
    expect(saved?.context).toEqual({
      actor: { sub: 'sub-M-100001', party: { kind: 'member', id: 'M-100001' } },
      correlationId: CORRELATION,
    });
  });

  it('gives every claim a fresh id', async () => {
    const { handler } = setup();
    const alice = caller({ kind: 'member', id: 'M-100001' });
    const first = await handler.execute(new FileClaimCommand(alice, input, CORRELATION));
    const other = { ...input, vehicle: { ...input.vehicle, vin: '2T1BURHE0JC000001' } };
    const second = await handler.execute(new FileClaimCommand(alice, other, CORRELATION));
    expect(first.id).not.toBe(second.id);
  });

  it('refuses a party that is not a member with AUTHZ.FORBIDDEN, saves nothing and writes an audit line', async () => {
    const { repository, handler, warn } = setup();
    const carol = caller({ kind: 'adjuster', id: 'E-2001' });

    await expect(
      handler.execute(new FileClaimCommand(carol, input, CORRELATION)),
    ).rejects.toMatchObject({
      code: 'AUTHZ.FORBIDDEN',
      status: 403,
    });
    expect(repository.saved).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'bfla',
        correlationId: CORRELATION,
      }),
      'audit authz.denied',
    );
  });

  it('lets a business-rule violation through and saves nothing', async () => {
    const { repository, handler } = setup();
    const alice = caller({ kind: 'member', id: 'M-100001' });
    const future = { ...input, lossDate: '2999-01-01' };

    await expect(
      handler.execute(new FileClaimCommand(alice, future, CORRELATION)),
    ).rejects.toMatchObject({
      code: 'CLAIMS.CLAIM_RULE_VIOLATED',
    });
    expect(repository.saved).toHaveLength(0);
  });

  it('binds status and payout from the body only while mass-assignment is off (training)', async () => {
    const alice = caller({ kind: 'member', id: 'M-100001' });
    const sneaky = { ...input, status: 'APPROVED', payoutCents: 500_000 } as FileClaimInput;
    const secure = setup();
    expect(
      await secure.handler.execute(new FileClaimCommand(alice, sneaky, CORRELATION)),
    ).toMatchObject({
      status: 'FILED',
      payoutCents: null,
    });
    const off = DefenseSwitches.fromSetting('mass-assignment', 'test');
    const training = new FileClaimHandler(
      new InMemoryClaimRepository(),
      ClaimsPolicy.load(off),
      createLogger('claims-test', 'silent'),
      { defenses: off },
    );
    expect(await training.execute(new FileClaimCommand(alice, sneaky, CORRELATION))).toMatchObject({
      status: 'APPROVED',
      payoutCents: 500_000,
    });
  });

  it('refuses a second claim of the member for the same vehicle and loss date with CLAIMS.DUPLICATE_CLAIM, audited', async () => {
    const { repository, handler, warn } = setup();
    const alice = caller({ kind: 'member', id: 'M-100001' });
    const first = await handler.execute(new FileClaimCommand(alice, input, CORRELATION));

    await expect(
      handler.execute(new FileClaimCommand(alice, input, CORRELATION)),
    ).rejects.toMatchObject({
      code: 'CLAIMS.DUPLICATE_CLAIM',
      status: 409,
      details: [{ path: 'claimId', message: first.id }],
    });
    expect(repository.saved).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'business-flow',
        sub: alice.sub,
        correlationId: CORRELATION,
      }),
      'audit authz.denied',
    );
  });

  it('lets another member, another vehicle, another loss date, or a claim after a denial through', async () => {
    const { repository, handler } = setup();
    const alice = caller({ kind: 'member', id: 'M-100001' });
    const bob = caller({ kind: 'member', id: 'M-100002' });
    const first = await handler.execute(new FileClaimCommand(alice, input, CORRELATION));
    await handler.execute(new FileClaimCommand(bob, input, CORRELATION));
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await handler.execute(
      new FileClaimCommand(alice, { ...input, lossDate: yesterday }, CORRELATION),
    );
    repository.claims.set(first.id, { ...first, status: 'DENIED' });
    await handler.execute(new FileClaimCommand(alice, input, CORRELATION));
    expect(repository.saved).toHaveLength(4);
  });

  it('files duplicates while business-flow is off (training), audited defense.off with the member', async () => {
    const off = DefenseSwitches.fromSetting('business-flow', 'test');
    const repository = new InMemoryClaimRepository();
    const log = createLogger('claims-test', 'silent');
    const warn = vi.spyOn(log, 'warn');
    const training = new FileClaimHandler(repository, ClaimsPolicy.load(off), log, {
      defenses: off,
    });
    const alice = caller({ kind: 'member', id: 'M-100001' });
    await training.execute(new FileClaimCommand(alice, input, CORRELATION));
    expect(warn).not.toHaveBeenCalled();
    await training.execute(new FileClaimCommand(alice, input, CORRELATION));
    expect(repository.saved).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'defense.off', defense: 'business-flow', sub: alice.sub }),
      'audit defense.off',
    );
  });
});
