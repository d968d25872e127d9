import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { TowingPolicy } from './towing.policy.js';

const caller = (party: Party, scopes: string[] = ['towing:read']): AuthenticatedParty =>
  partyCaller(party, scopes);

const dave = caller({ kind: 'tow_operator', id: 'T-01' });
const erin = caller({ kind: 'tow_operator', id: 'T-02' });
const alice = caller({ kind: 'member', id: 'M-100001' }, ['claims:read', 'claims:write']);
const carol = caller({ kind: 'adjuster', id: 'E-2001' }, ['claims:read']);
const frank = caller({ kind: 'repair_shop', id: 'S-01' }, ['repair:read']);
const davesJob = { id: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e', companyId: 'T-01' };
const unassigned = { id: '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', companyId: null };

describe('towing.cedar (all defenses on)', () => {
  const policy = TowingPolicy.load(DefenseSwitches.allOn());

  it("lets a tow operator read its company's job and names the deciding policy", () => {
    expect(policy.canRead(dave, davesJob)).toEqual({
      allowed: true,
      reasons: ['tow-operator-reads-own-company-job'],
      errors: [],
    });
  });

  it("denies a tow operator another company's job", () => {
    expect(policy.canRead(erin, davesJob)).toMatchObject({ allowed: false, reasons: [] });
  });

  it('denies every tow operator an unassigned job', () => {
    expect(policy.canRead(dave, unassigned).allowed).toBe(false);
    expect(policy.canRead(erin, unassigned).allowed).toBe(false);
    // A party id that is empty-looking cannot match the "" placeholder either.
    expect(policy.canRead(caller({ kind: 'tow_operator', id: ' ' }), unassigned).allowed).toBe(
      false,
    );
  });

  it('denies other party kinds even when their party id equals the company id', () => {
    const lookalike = caller({ kind: 'repair_shop', id: 'T-01' }, ['towing:read']);
    expect(policy.canRead(lookalike, davesJob).allowed).toBe(false);
    expect(policy.canList(lookalike, 'T-01').allowed).toBe(false);
    for (const other of [alice, carol, frank]) {
      expect(policy.canRead(other, davesJob).allowed).toBe(false);
    }
  });

  it("lets a tow operator list its own company's jobs only", () => {
    expect(policy.canList(dave, 'T-01')).toMatchObject({
      allowed: true,
      reasons: ['tow-operator-lists-own-company-jobs'],
    });
    expect(policy.canList(dave, 'T-02').allowed).toBe(false);
    expect(policy.canList(erin, 'T-02').allowed).toBe(true);
  });

  it('refuses listing to every party kind but tow operators', () => {
    expect(policy.canList(alice, 'M-100001').allowed).toBe(false);
    expect(policy.canList(carol, 'E-2001').allowed).toBe(false);
    expect(policy.canList(frank, 'S-01').allowed).toBe(false);
  });

  it('does not apply the training rule while bola is on, even with every other defense off', () => {
    const others = DefenseSwitches.fromSetting('jwt-audience,party-token,phantom-token', 'test');
    expect(TowingPolicy.load(others).canRead(erin, davesJob).allowed).toBe(false);
  });
});

describe('towing.cedar with the bola defense off (training)', () => {
  const training = TowingPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));

  it("lets any tow operator read another company's job through the training rule", () => {
    expect(training.canRead(erin, davesJob)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-tow-operator-reads-any-job'],
    });
    expect(training.canRead(dave, unassigned).allowed).toBe(true);
  });

  it('still denies parties that are not tow operators', () => {
    expect(training.canRead(alice, davesJob).allowed).toBe(false);
    expect(training.canRead(carol, davesJob).allowed).toBe(false);
  });

  it('does not widen listing', () => {
    expect(training.canList(erin, 'T-01').allowed).toBe(false);
    expect(training.canList(alice, 'M-100001').allowed).toBe(false);
  });
});

describe('towing.cedar: moving tow jobs (UpdateTowJob)', () => {
  const policy = TowingPolicy.load(DefenseSwitches.allOn());
  const writer = (party: Party): AuthenticatedParty => caller(party, ['towing:write']);
  const daveWrites = writer({ kind: 'tow_operator', id: 'T-01' });
  const erinWrites = writer({ kind: 'tow_operator', id: 'T-02' });

  it("lets a tow operator move its company's job and names the deciding policy", () => {
    expect(policy.canUpdate(daveWrites, davesJob)).toEqual({
      allowed: true,
      reasons: ['tow-operator-moves-own-company-job'],
      errors: [],
    });
  });

  it("denies a tow operator another company's job and every operator an unassigned job", () => {
    expect(policy.canUpdate(erinWrites, davesJob)).toMatchObject({ allowed: false, reasons: [] });
    expect(policy.canUpdate(daveWrites, unassigned).allowed).toBe(false);
    expect(policy.canUpdate(erinWrites, unassigned).allowed).toBe(false);
  });

  it('denies every other party kind, even one whose party id equals the company id', () => {
    const lookalikes = (
      ['member', 'adjuster', 'service_rep', 'repair_shop', 'rental_agent'] as const
    ).map((kind) => writer({ kind, id: 'T-01' }));
    for (const other of [...lookalikes, alice, carol, frank]) {
      expect(policy.canUpdate(other, davesJob).allowed).toBe(false);
      expect(policy.canUpdateAny(other).allowed).toBe(false);
    }
  });

  it('answers the function-level question for tow operators only', () => {
    expect(policy.canUpdateAny(daveWrites)).toMatchObject({
      allowed: true,
      reasons: ['tow-operator-moves-own-company-jobs'],
    });
    expect(policy.canUpdateAny(erinWrites).allowed).toBe(true);
  });

  it('keeps reading and moving apart: the move rules grant no read and no list', () => {
    expect(policy.canRead(erinWrites, davesJob).allowed).toBe(false);
    expect(policy.canList(erinWrites, 'T-01').allowed).toBe(false);
  });

  it('lets any tow operator move any job with bola off, through the training rule only', () => {
    const training = TowingPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));
    expect(training.canUpdate(erinWrites, davesJob)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-tow-operator-moves-any-job'],
    });
    expect(training.canUpdate(daveWrites, unassigned).allowed).toBe(true);
    expect(training.canUpdate(alice, davesJob).allowed).toBe(false);
    expect(training.canUpdate(frank, davesJob).allowed).toBe(false);
    expect(training.canUpdateAny(frank).allowed).toBe(false);
  });

  it('does not apply the training rule while bola is on, whatever else is off', () => {
    const others = DefenseSwitches.fromSetting('event-signing,jwt-audience,party-token', 'test');
    expect(TowingPolicy.load(others).canUpdate(erinWrites, davesJob).allowed).toBe(false);
  });
});
