import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { RentalPolicy } from './rental.policy.js';

const caller = (party: Party, scopes: string[] = ['rental:read', 'rental:write']) =>
  partyCaller(party, scopes);

const alice = caller({ kind: 'member', id: 'M-100001' }, ['rental:read']);
const bob = caller({ kind: 'member', id: 'M-100002' }, ['rental:read']);
const heidi = caller({ kind: 'rental_agent', id: 'R-01' });
const otherAgent = caller({ kind: 'rental_agent', id: 'R-02' });
const carol = caller({ kind: 'adjuster', id: 'E-2001' });
const ivan = caller({ kind: 'service_rep', id: 'E-3001' });
const dave = caller({ kind: 'tow_operator', id: 'T-01' });
const frank = caller({ kind: 'repair_shop', id: 'S-01' });
const olga = caller({ kind: 'instructor', id: 'E-9001' });
const NOT_MEMBERS_OR_AGENTS: AuthenticatedParty[] = [carol, ivan, dave, frank, olga];

const alicesCar = {
  id: '3f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  memberId: 'M-100001',
  agencyId: 'R-01',
};
const unserved = {
  id: '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d',
  memberId: 'M-100001',
  agencyId: null,
};

describe('rental.cedar (all defenses on)', () => {
  const policy = RentalPolicy.load(DefenseSwitches.allOn());

  it('lets a member read their own reservation and names the deciding policy', () => {
    expect(policy.canRead(alice, alicesCar)).toEqual({
      allowed: true,
      reasons: ['member-reads-own-reservation'],
      errors: [],
    });
    expect(policy.canRead(alice, unserved).allowed).toBe(true);
  });

  it("denies a member another member's reservation", () => {
    expect(policy.canRead(bob, alicesCar)).toMatchObject({ allowed: false, reasons: [] });
  });

  it("lets a rental agent read its agency's reservation, and no other agency's", () => {
    expect(policy.canRead(heidi, alicesCar)).toMatchObject({
      allowed: true,
      reasons: ['rental-agent-reads-own-agency-reservation'],
    });
    expect(policy.canRead(otherAgent, alicesCar).allowed).toBe(false);
  });

  it('denies every rental agent a reservation no agency serves', () => {
    expect(policy.canRead(heidi, unserved).allowed).toBe(false);
    expect(policy.canConfirm(heidi, unserved).allowed).toBe(false);
  });

  it('denies every other party kind, even with a party id equal to the member or agency id', () => {
    for (const other of NOT_MEMBERS_OR_AGENTS) {
      expect(policy.canRead(other, alicesCar).allowed).toBe(false);
      expect(policy.canConfirm(other, alicesCar).allowed).toBe(false);
    }
    const memberLookalike = caller({ kind: 'adjuster', id: 'M-100001' });
    const agencyLookalike = caller({ kind: 'tow_operator', id: 'R-01' });
    expect(policy.canRead(memberLookalike, alicesCar).allowed).toBe(false);
    expect(policy.canRead(agencyLookalike, alicesCar).allowed).toBe(false);
    expect(policy.canConfirm(agencyLookalike, alicesCar).allowed).toBe(false);
    expect(policy.canList(agencyLookalike, { ownerKind: 'agency', ownerId: 'R-01' }).allowed).toBe(
      false,
    );
  });

  it("lets only the holding agency's agent confirm; the member who may read it may not", () => {
    expect(policy.canConfirm(heidi, alicesCar)).toMatchObject({
      allowed: true,
      reasons: ['rental-agent-confirms-own-agency-reservation'],
    });
    expect(policy.canConfirm(otherAgent, alicesCar).allowed).toBe(false);
    expect(policy.canConfirm(alice, alicesCar).allowed).toBe(false);
  });

  it('lets a member list their own reservations and an agent its own agency’s, nothing else', () => {
    expect(policy.canList(alice, { ownerKind: 'member', ownerId: 'M-100001' })).toMatchObject({
      allowed: true,
      reasons: ['member-lists-own-reservations'],
    });
    expect(policy.canList(heidi, { ownerKind: 'agency', ownerId: 'R-01' })).toMatchObject({
      allowed: true,
      reasons: ['rental-agent-lists-own-agency-reservations'],
    });
    expect(policy.canList(alice, { ownerKind: 'member', ownerId: 'M-100002' }).allowed).toBe(false);
    expect(policy.canList(heidi, { ownerKind: 'agency', ownerId: 'R-02' }).allowed).toBe(false);
    // The owner kind must match the party kind: an agent cannot list "member R-01".
    expect(policy.canList(heidi, { ownerKind: 'member', ownerId: 'R-01' }).allowed).toBe(false);
    expect(policy.canList(alice, { ownerKind: 'agency', ownerId: 'M-100001' }).allowed).toBe(false);
  });

  it('refuses listing to every other party kind', () => {
    for (const other of NOT_MEMBERS_OR_AGENTS) {
      expect(policy.canList(other, { ownerKind: 'member', ownerId: other.party.id }).allowed).toBe(
        false,
      );
    }
  });

  it('does not apply the training rule while bola is on, even with every other defense off', () => {
    const others = DefenseSwitches.fromSetting('jwt-audience,party-token,phantom-token', 'test');
    expect(RentalPolicy.load(others).canRead(bob, alicesCar).allowed).toBe(false);
  });
});

describe('rental.cedar with the bola defense off (training)', () => {
  const training = RentalPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));

  it("lets any member read another member's reservation through the training rule", () => {
    expect(training.canRead(bob, alicesCar)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-member-or-agent-reads-any-reservation'],
    });
  });

  it("lets any rental agent read another agency's reservation", () => {
    expect(training.canRead(otherAgent, alicesCar).allowed).toBe(true);
    expect(training.canRead(heidi, unserved).allowed).toBe(true);
  });

  it('still denies every other party kind', () => {
    for (const other of NOT_MEMBERS_OR_AGENTS) {
      expect(training.canRead(other, alicesCar).allowed).toBe(false);
    }
  });

  it('widens neither confirming nor listing', () => {
    expect(training.canConfirm(otherAgent, alicesCar).allowed).toBe(false);
    expect(training.canConfirm(bob, alicesCar).allowed).toBe(false);
    expect(training.canList(bob, { ownerKind: 'member', ownerId: 'M-100001' }).allowed).toBe(false);
    expect(training.canList(otherAgent, { ownerKind: 'agency', ownerId: 'R-01' }).allowed).toBe(
      false,
    );
  });
});
