import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { ACR_MFA, ACR_PASSWORD } from '@claimguard/contracts';
import { ClaimsPolicy, type ClaimFacts } from './claims.policy.js';

const caller = partyCaller;

const alice = caller({ kind: 'member', id: 'M-100001' }, ['claims:read', 'claims:write']);
const bob = caller({ kind: 'member', id: 'M-100002' }, ['claims:read', 'claims:write']);
const dave = caller({ kind: 'tow_operator', id: 'T-01' }, ['towing:read', 'towing:write']);
const carol = caller({ kind: 'adjuster', id: 'E-2001' }, ['claims:read', 'claims:write']);
const otherAdjuster = caller({ kind: 'adjuster', id: 'E-2002' }, ['claims:read', 'claims:write']);
const ivan = caller({ kind: 'service_rep', id: 'E-3001' }, ['claims:read']);
const frank = caller({ kind: 'repair_shop', id: 'S-01' }, ['claims:contact']);
const grace = caller({ kind: 'repair_shop', id: 'S-02' }, ['claims:contact']);

const filed: ClaimFacts = {
  id: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
  memberId: 'M-100001',
  adjusterId: null,
  shopId: null,
};
const assigned: ClaimFacts = { ...filed, adjusterId: 'E-2001', shopId: 'S-01' };

describe('claims.cedar (all defenses on)', () => {
  const policy = ClaimsPolicy.load(DefenseSwitches.allOn());

  it('lets a rental agent read coverage only when acting through rental (token exchange)', () => {
    const heidi = caller({ kind: 'rental_agent', id: 'R-01' }, ['claims:coverage']);
    expect(policy.canReadCoverage({ ...heidi, actor: 'rental' }, filed)).toEqual({
      allowed: true,
      reasons: ['rental-agent-through-rental-reads-coverage'],
      errors: [],
    });
    expect(policy.canReadCoverage(heidi, filed).allowed).toBe(false);
    expect(policy.canReadCoverage({ ...heidi, actor: 'towing' }, filed).allowed).toBe(false);
    expect(policy.canReadCoverage({ ...alice, actor: 'rental' }, filed).allowed).toBe(false);
    expect(policy.canReadCoverage({ ...dave, actor: 'rental' }, filed).allowed).toBe(false);
  });

  it('lets a member read their own claim and names the deciding policy', () => {
    expect(policy.canRead(alice, filed)).toEqual({
      allowed: true,
      reasons: ['member-reads-own-claim'],
      errors: [],
    });
  });

  it("denies a member reading another member's claim", () => {
    expect(policy.canRead(bob, filed)).toMatchObject({ allowed: false, reasons: [] });
  });

  it('denies a tow operator even when its party id equals the claim owner id', () => {
    const lookalike = caller({ kind: 'tow_operator', id: 'M-100001' }, ['claims:read']);
    expect(policy.canRead(lookalike, filed).allowed).toBe(false);
    expect(policy.canRead(dave, filed).allowed).toBe(false);
  });

  it('lets an adjuster read only the claims assigned to them', () => {
    expect(policy.canRead(carol, filed).allowed).toBe(false);
    expect(policy.canRead(carol, assigned)).toMatchObject({
      allowed: true,
      reasons: ['adjuster-reads-assigned-claim'],
    });
    expect(policy.canRead(otherAdjuster, assigned).allowed).toBe(false);
  });

  it('lets only the assigned adjuster decide and settle', () => {
    expect(policy.canDecide(carol, assigned).allowed).toBe(true);
    expect(policy.canSettle(carol, assigned).allowed).toBe(true);
    expect(policy.canDecide(otherAdjuster, assigned).allowed).toBe(false);
    expect(policy.canDecide(carol, filed).allowed).toBe(false);
    expect(policy.canDecide(alice, assigned).allowed).toBe(false);
    expect(policy.canSettle(alice, assigned).allowed).toBe(false);
  });

  it('lets the service rep read any claim and write nothing', () => {
    expect(policy.canRead(ivan, filed)).toMatchObject({
      allowed: true,
      reasons: ['service-rep-reads-any-claim-status'],
    });
    expect(policy.canDecide(ivan, assigned).allowed).toBe(false);
    expect(policy.canSettle(ivan, assigned).allowed).toBe(false);
    expect(policy.canManageConsent(ivan, assigned).allowed).toBe(false);
    expect(policy.canFile(ivan).allowed).toBe(false);
  });

  it('lets only members file claims', () => {
    expect(policy.canFile(alice)).toMatchObject({
      allowed: true,
      reasons: ['member-files-own-claim'],
    });
    expect(policy.canFile(carol).allowed).toBe(false);
    expect(policy.canFile(dave).allowed).toBe(false);
  });

  it('lets members and adjusters list their own claims, nobody else', () => {
    expect(policy.canList(alice)).toMatchObject({
      allowed: true,
      reasons: ['member-or-adjuster-lists-own-claims'],
    });
    expect(policy.canList(carol).allowed).toBe(true);
    expect(policy.canList(dave).allowed).toBe(false);
    expect(policy.canList(ivan).allowed).toBe(false);
  });

  it('lets a member manage consents on their own claim only', () => {
    expect(policy.canManageConsent(alice, assigned).allowed).toBe(true);
    expect(policy.canManageConsent(bob, assigned).allowed).toBe(false);
    expect(policy.canManageConsent(frank, assigned).allowed).toBe(false);
  });

  it('shows the contact only to the shop holding the car, and only with its consent', () => {
    expect(policy.canReadContact(frank, assigned, ['S-01'])).toMatchObject({
      allowed: true,
      reasons: ['shop-with-consent-reads-member-contact'],
    });
    expect(policy.canReadContact(frank, assigned, []).allowed).toBe(false);
    expect(policy.canReadContact(frank, assigned, ['S-02']).allowed).toBe(false);
    expect(policy.canReadContact(grace, assigned, ['S-02']).allowed).toBe(false);
    expect(policy.canReadContact(frank, filed, ['S-01']).allowed).toBe(false);
  });

  it('does not apply a training rule while its defense is on, even with others off', () => {
    const others = ClaimsPolicy.load(
      DefenseSwitches.fromSetting('jwt-audience,party-token,phantom-token', 'test'),
    );
    expect(others.canRead(bob, filed).allowed).toBe(false);
    expect(others.canDecide(alice, assigned).allowed).toBe(false);
    expect(others.canReadContact(frank, assigned, []).allowed).toBe(false);
  });
});

describe('claims.cedar step-up: the $5,000 rule (defense step-up)', () => {
  const policy = ClaimsPolicy.load(DefenseSwitches.allOn());
  const NOW = 1_800_000_000;
  const mfaCarol = (authAge: number) => ({
    ...carol,
    acr: ACR_MFA,
    amr: ['pwd', 'otp'],
    authTime: NOW - authAge,
  });

  it('approves up to 500,000 cents on any login', () => {
    expect(policy.canApprovePayout(carol, assigned, 500_000, NOW)).toMatchObject({
      allowed: true,
      reasons: ['payout-within-limit-or-recent-mfa'],
    });
  });

  it('approves more than 500,000 cents only with an MFA login of at most 300 s ago', () => {
    expect(policy.canApprovePayout(mfaCarol(300), assigned, 500_001, NOW).allowed).toBe(true);
    expect(policy.canApprovePayout(mfaCarol(301), assigned, 500_001, NOW).allowed).toBe(false);
    expect(policy.canApprovePayout(carol, assigned, 500_001, NOW).allowed).toBe(false);
    const recentPasswordOnly = { ...carol, acr: ACR_PASSWORD, amr: ['pwd'], authTime: NOW - 10 };
    expect(policy.canApprovePayout(recentPasswordOnly, assigned, 900_000, NOW).allowed).toBe(false);
    // An acr claim without the otp method is not taken at its word.
    const acrOnly = { ...carol, acr: ACR_MFA, amr: ['pwd'], authTime: NOW - 10 };
    expect(policy.canApprovePayout(acrOnly, assigned, 900_000, NOW).allowed).toBe(false);
  });

  it('step-up off: any payout on any login, and the decision names the training rule', () => {
    const training = ClaimsPolicy.load(DefenseSwitches.fromSetting('step-up', 'test'));
    expect(training.canApprovePayout(carol, assigned, 5_000_000, NOW)).toMatchObject({
      allowed: true,
      reasons: ['training-step-up-off-any-payout'],
    });
  });
});

describe('claims.cedar with defenses off (training)', () => {
  it("bola off: any party holding claims:read reads another member's claim", () => {
    const training = ClaimsPolicy.load(DefenseSwitches.fromSetting('bola', 'test'));
    expect(training.canRead(bob, filed)).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off-any-reader-reads-any-claim'],
    });
    expect(training.canRead(dave, filed).allowed).toBe(false);
    expect(training.canList(dave).allowed).toBe(false);
    expect(training.canFile(dave).allowed).toBe(false);
  });

  it('bfla off: a member decides and settles their own claim', () => {
    const training = ClaimsPolicy.load(DefenseSwitches.fromSetting('bfla', 'test'));
    expect(training.canDecide(alice, assigned)).toMatchObject({
      allowed: true,
      reasons: ['training-bfla-off-any-writer-decides'],
    });
    expect(training.canSettle(alice, assigned).allowed).toBe(true);
    // Reading still needs bola off: bfla is about functions, not objects.
    expect(training.canRead(bob, filed).allowed).toBe(false);
    expect(training.canDecide(ivan, assigned).allowed).toBe(false);
  });

  it('consent off: the shop holding the car reads the contact without consent', () => {
    const training = ClaimsPolicy.load(DefenseSwitches.fromSetting('consent', 'test'));
    expect(training.canReadContact(frank, assigned, [])).toMatchObject({
      allowed: true,
      reasons: ['training-consent-off-shop-reads-contact'],
    });
    expect(training.canReadContact(grace, assigned, []).allowed).toBe(false);
  });
});
