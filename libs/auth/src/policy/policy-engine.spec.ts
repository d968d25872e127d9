import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { PolicyEngine, type PolicyRequest } from './policy-engine.js';

const POLICIES = `
@id("member-reads-own-thing")
permit (principal, action == Test::Action::"Read", resource)
when { principal.kind == "member" && resource.ownerId == principal.partyId };

@id("training-bola-off")
permit (principal, action == Test::Action::"Read", resource)
when { context.defensesOff.contains("bola") };
`;

const read = (ownerId: string): PolicyRequest => ({
  principal: { type: 'Party', id: 'member:M-1', attrs: { kind: 'member', partyId: 'M-1' } },
  action: 'Read',
  resource: { type: 'Thing', id: 't-1', attrs: { ownerId } },
});

describe('PolicyEngine', () => {
  const secure = PolicyEngine.fromText(POLICIES, 'Test', DefenseSwitches.allOn());

  it('allows the owner and names the deciding policy', () => {
    expect(secure.decide(read('M-1'))).toEqual({
      allowed: true,
      reasons: ['member-reads-own-thing'],
      errors: [],
    });
  });

  it("denies by default another member's object", () => {
    expect(secure.decide(read('M-2'))).toMatchObject({ allowed: false, reasons: [] });
  });

  it('lets the training rule allow it only while the bola defense is off', () => {
    const training = PolicyEngine.fromText(
      POLICIES,
      'Test',
      DefenseSwitches.fromSetting('bola', 'test'),
    );
    expect(training.decide(read('M-2'))).toMatchObject({
      allowed: true,
      reasons: ['training-bola-off'],
    });
  });

  it('refuses a policy without an @id at load time', () => {
    expect(() =>
      PolicyEngine.fromText(
        'permit (principal, action, resource);',
        'Test',
        DefenseSwitches.allOn(),
      ),
    ).toThrow(/@id/);
  });

  it('refuses a policy file with a syntax error at load time', () => {
    expect(() =>
      PolicyEngine.fromText('permit (principal', 'Test', DefenseSwitches.allOn()),
    ).toThrow(/invalid policy/);
  });
});
