import { describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import type { AuthenticatedParty } from '../party-token/authenticated-party.js';
import { auditDecision, decideFor, partyPrincipal } from './authorize.js';
import { PolicyEngine } from './policy-engine.js';

const POLICIES = `
@id("member-reads-own")
permit (principal, action == Test::Action::"Read", resource)
when { principal.kind == "member" && resource.ownerId == principal.partyId && context.scopes.contains("x:read") };

@id("training-bola-off")
permit (principal, action == Test::Action::"Read", resource)
when { context.defensesOff.contains("bola") };
`;

const alice: AuthenticatedParty = {
  sub: 'alice-sub',
  party: { kind: 'member', id: 'M-1' },
  scopes: ['x:read'],
  clientId: undefined,
  acr: undefined,
  amr: undefined,
  authTime: undefined,
  tokenId: 'jti-1',
};
const thing = (ownerId: string) => ({ type: 'Thing', id: 't-1', attrs: { ownerId } });

function logger() {
  const warn = vi.fn();
  return {
    log: { warn } as unknown as Logger,
    lines: () => warn.mock.calls.map(([fields]) => fields as Record<string, unknown>),
  };
}

describe('decideFor', () => {
  it('uses the caller as principal and its scopes as context', () => {
    const engine = PolicyEngine.fromText(POLICIES, 'Test', DefenseSwitches.allOn());
    expect(partyPrincipal(alice)).toEqual({
      type: 'Party',
      id: 'member:M-1',
      attrs: { kind: 'member', partyId: 'M-1' },
    });
    expect(decideFor(engine, alice, 'Read', thing('M-1')).allowed).toBe(true);
    expect(decideFor(engine, { ...alice, scopes: [] }, 'Read', thing('M-1')).allowed).toBe(false);
  });
});

describe('auditDecision', () => {
  const about = (log: Logger) => ({
    log,
    defense: 'bola' as const,
    action: 'Read',
    caller: alice,
    correlationId: 'c-1',
    resource: 'thing:t-1',
  });

  it('writes authz.denied for a denial and returns false', () => {
    const engine = PolicyEngine.fromText(POLICIES, 'Test', DefenseSwitches.allOn());
    const { log, lines } = logger();
    expect(auditDecision(decideFor(engine, alice, 'Read', thing('M-2')), about(log))).toBe(false);
    expect(lines()).toEqual([
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'bola',
        correlationId: 'c-1',
        resource: 'thing:t-1',
      }),
    ]);
  });

  it('writes nothing for an ordinary allow', () => {
    const engine = PolicyEngine.fromText(POLICIES, 'Test', DefenseSwitches.allOn());
    const { log, lines } = logger();
    expect(auditDecision(decideFor(engine, alice, 'Read', thing('M-1')), about(log))).toBe(true);
    expect(lines()).toEqual([]);
  });

  it('writes authz.allowed naming the training rule when only it allowed', () => {
    const engine = PolicyEngine.fromText(
      POLICIES,
      'Test',
      DefenseSwitches.fromSetting('bola', 'test'),
    );
    const { log, lines } = logger();
    expect(auditDecision(decideFor(engine, alice, 'Read', thing('M-2')), about(log))).toBe(true);
    expect(lines()).toEqual([
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        reason: 'allowed by training-bola-off',
      }),
    ]);
  });

  it('writes nothing when a secure rule allowed too, training rule or not (ordinary work)', () => {
    const engine = PolicyEngine.fromText(
      POLICIES,
      'Test',
      DefenseSwitches.fromSetting('bola', 'test'),
    );
    const { log, lines } = logger();
    expect(auditDecision(decideFor(engine, alice, 'Read', thing('M-1')), about(log))).toBe(true);
    expect(lines()).toEqual([]);
  });
});
