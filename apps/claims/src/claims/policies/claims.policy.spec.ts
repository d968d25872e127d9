import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { ClaimsPolicy } from './claims.policy.js';

const caller = partyCaller;

const alice = caller({ kind: 'member', id: 'M-100001' }, ['claims:read', 'claims:write']);
const bob = caller({ kind: 'member', id: 'M-100002' }, ['claims:read', 'claims:write']);
const dave = caller({ kind: 'tow_operator', id: 'T-01' }, ['towing:read', 'towing:write']);
const carol = caller({ kind: 'adjuster', id: 'E-2001' }, ['claims:read', 'claims:write']);
const alicesClaim = { id: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10', memberId: 'M-100001' };

describe('claims.cedar (all defenses on)', () => {
  const policy = ClaimsPolicy.load(DefenseSwitches.allOn());

  it('lets a member read their own claim and names the deciding policy', () => {
    expect(policy.canRead(alice, alicesClaim)).toEqual({
      allowed: true,
      reasons: ['member-reads-own-claim'],
      errors: [],
    });
  });

  it("denies a member reading another member's claim", () => {
    expect(policy.canRead(bob, alicesClaim)).toMatchObject({ allowed: false, reasons: [] });
  });

  it('denies a tow operator even when its party id equals the claim owner id', () => {
    const lookalike = caller({ kind: 'tow_operator', id: 'M-100001' }, ['claims:read']);
    expect(policy.canRead(lookalike, alicesClaim).allowed).toBe(false);
    expect(policy.canRead(dave, alicesClaim).allowed).toBe(false);
  });

  it('denies an adjuster until an assignment rule exists (deny by default)', () => {
    expect(policy.canRead(carol, alicesClaim).allowed).toBe(false);
  });

  it('lets only members file claims', () => {
    expect(policy.canFile(alice)).toMatchObject({
      allowed: true,
      reasons: ['member-files-own-claim'],
    });
    expect(policy.canFile(carol).allowed).toBe(false);
    expect(policy.canFile(dave).allowed).toBe(false);
  });

  it('lets a member list their own claims only', () => {
    expect(policy.canList(alice, 'M-100001')).toMatchObject({
      allowed: true,
      reasons: ['member-lists-own-claims'],
    });
    expect(policy.canList(alice, 'M-100002').allowed).toBe(false);
    expect(policy.canList(dave, 'T-01').allowed).toBe(false);
  });

  it('does not apply the training rule while bola is on, even with every other defense off', () => {
    const others = DefenseSwitches.fromSetting('jwt-audience,party-token,phantom-token', 'test');
    expect(ClaimsPolicy.load(others).canRead(bob, alicesClaim).allowed).toBe(false);
  });
});

describe('claims.cedar with the bola defense off (training)', () => {
  const training = ClaimsPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));

  it("lets any party holding claims:read read another member's claim through the training rule", () => {
    expect(training.canRead(bob, alicesClaim)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-reader-reads-any-claim'],
    });
    expect(training.canRead(carol, alicesClaim).allowed).toBe(true);
  });

  it('still denies a party without claims:read', () => {
    expect(training.canRead(dave, alicesClaim).allowed).toBe(false);
  });

  it('does not widen listing or filing', () => {
    expect(training.canList(bob, 'M-100001').allowed).toBe(false);
    expect(training.canFile(dave).allowed).toBe(false);
  });
});
