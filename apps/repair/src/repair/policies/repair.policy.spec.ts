import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { RepairPolicy } from './repair.policy.js';

const caller = (
  party: Party,
  scopes: string[] = ['repair:read', 'repair:write'],
): AuthenticatedParty => partyCaller(party, scopes);

const frank = caller({ kind: 'repair_shop', id: 'S-01' });
const grace = caller({ kind: 'repair_shop', id: 'S-02' });
const alice = caller({ kind: 'member', id: 'M-100001' }, ['claims:read', 'claims:write']);
const carol = caller({ kind: 'adjuster', id: 'E-2001' }, ['claims:read', 'repair:read']);
const dave = caller({ kind: 'tow_operator', id: 'T-01' }, ['towing:read']);
const ivan = caller({ kind: 'service_rep', id: 'E-3001' }, ['claims:read']);
const franksOrder = { id: '3f6c2a1e-8b7d-4c5e-9a0f-1b2c3d4e5f60', shopId: 'S-01' };

describe('repair.cedar (all defenses on)', () => {
  const policy = RepairPolicy.load(DefenseSwitches.allOn());

  it("lets a shop read, estimate and complete its own shop's order, naming the deciding policy", () => {
    expect(policy.canRead(frank, franksOrder)).toEqual({
      allowed: true,
      reasons: ['repair-shop-reads-own-shop-order'],
      errors: [],
    });
    for (const decision of [
      policy.canSubmitEstimate(frank, franksOrder),
      policy.canComplete(frank, franksOrder),
    ]) {
      expect(decision).toEqual({
        allowed: true,
        reasons: ['repair-shop-works-own-shop-order'],
        errors: [],
      });
    }
  });

  it("denies a shop another shop's order for every action", () => {
    expect(policy.canRead(grace, franksOrder)).toMatchObject({ allowed: false, reasons: [] });
    expect(policy.canSubmitEstimate(grace, franksOrder).allowed).toBe(false);
    expect(policy.canComplete(grace, franksOrder).allowed).toBe(false);
  });

  it('denies every other party kind, even one whose party id equals the shop id', () => {
    const lookalike = caller({ kind: 'tow_operator', id: 'S-01' });
    for (const other of [lookalike, alice, carol, dave, ivan]) {
      expect(policy.canRead(other, franksOrder).allowed).toBe(false);
      expect(policy.canSubmitEstimate(other, franksOrder).allowed).toBe(false);
      expect(policy.canComplete(other, franksOrder).allowed).toBe(false);
      expect(policy.canList(other, other.party.id).allowed).toBe(false);
    }
    expect(policy.canList(lookalike, 'S-01').allowed).toBe(false);
  });

  it("lets a shop list its own shop's orders only", () => {
    expect(policy.canList(frank, 'S-01')).toMatchObject({
      allowed: true,
      reasons: ['repair-shop-lists-own-shop-orders'],
    });
    expect(policy.canList(frank, 'S-02').allowed).toBe(false);
    expect(policy.canList(grace, 'S-02').allowed).toBe(true);
  });

  it('does not apply the training rules while bola is on, even with every other defense off', () => {
    const others = RepairPolicy.load(
      DefenseSwitches.fromSetting('jwt-audience,party-token,phantom-token,event-signing', 'test'),
    );
    expect(others.canRead(grace, franksOrder).allowed).toBe(false);
    expect(others.canSubmitEstimate(grace, franksOrder).allowed).toBe(false);
    expect(others.canComplete(grace, franksOrder).allowed).toBe(false);
  });
});

describe('repair.cedar with the bola defense off (training)', () => {
  const training = RepairPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));

  it("lets any shop read another shop's order through the training rule", () => {
    expect(training.canRead(grace, franksOrder)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-repair-shop-reads-any-order'],
    });
  });

  it("lets any shop estimate and complete another shop's order through the training rule", () => {
    for (const decision of [
      training.canSubmitEstimate(grace, franksOrder),
      training.canComplete(grace, franksOrder),
    ]) {
      expect(decision).toMatchObject({
        allowed: true,
        reasons: ['training-bola-off-any-repair-shop-works-any-order'],
      });
    }
  });

  it("leaves a shop's own order to the ordinary rules, so training audit lines mark only the hole", () => {
    expect(training.canRead(frank, franksOrder).reasons).toEqual([
      'repair-shop-reads-own-shop-order',
    ]);
    expect(training.canComplete(frank, franksOrder).reasons).toEqual([
      'repair-shop-works-own-shop-order',
    ]);
  });

  it('still denies parties that are not repair shops', () => {
    for (const other of [alice, carol, dave, ivan]) {
      expect(training.canRead(other, franksOrder).allowed).toBe(false);
      expect(training.canSubmitEstimate(other, franksOrder).allowed).toBe(false);
    }
  });

  it('does not widen listing', () => {
    expect(training.canList(grace, 'S-01').allowed).toBe(false);
    expect(training.canList(alice, 'M-100001').allowed).toBe(false);
  });
});
