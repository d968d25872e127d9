import { expect, test } from '@playwright/test';
import { DEFENSES, type DefenseId, type DefensesReport } from '@claimguard/contracts';
import { auditLines } from './audit.js';
import { call } from './api.js';

/** What one attempt of an attack produced. */
export type AttackResult =
  | { outcome: 'blocked'; status: number; correlationId: string | null; evidence: string }
  | { outcome: 'succeeded'; status: number; evidence: string }
  | { outcome: 'inconclusive'; status: number; evidence: string };

export interface AttackSpec {
  /** Stable scenario id, e.g. `API1-BOLA-001`. */
  id: string;
  title: string;
  /** The defense this attack exercises (DESIGN.md "Training switches"). */
  defense: DefenseId;
  /** OWASP API Security Top 10 (2023) id. */
  owasp: string;
  cwe: string;
  /** Which app writes the audit line when the attack is blocked. */
  auditedBy: 'gateway' | 'claims' | 'towing' | 'repair' | 'rental' | 'identity';
}

async function defenseIsOn(id: DefenseId): Promise<boolean> {
  const report = await call<DefensesReport>('GET', '/api/_meta/defenses');
  expect(report.status).toBe(200);
  const entry = report.body.defenses.find((d) => d.id === id);
  if (!entry) throw new Error(`the gateway does not report defense ${id}`);
  return entry.on;
}

/**
 * Declares one attack scenario, proven both ways: the suite runs once with every defense on and
 * once with the defenses off (scripts/e2e.mjs). The attack's own code decides, from concrete
 * evidence, whether it was blocked or succeeded; this helper asserts that it was blocked (and that
 * the deciding app wrote an audit line for the request) while the defense is on, and that it
 * succeeded while the defense is off. An inconclusive result fails in both modes.
 */
export function attack(spec: AttackSpec, run: () => Promise<AttackResult>): void {
  test(
    `${spec.id} ${spec.title} [${spec.defense}]`,
    { tag: ['@attack', `@${spec.defense}`] },
    async () => {
      test
        .info()
        .annotations.push(
          { type: 'defense', description: `${spec.defense}: ${DEFENSES[spec.defense].title}` },
          { type: 'owasp', description: spec.owasp },
          { type: 'cwe', description: spec.cwe },
        );
      const on = await defenseIsOn(spec.defense);
      const result = await run();
      test.info().annotations.push({
        type: 'evidence',
        description: `${result.outcome} (${result.status}): ${result.evidence}`,
      });
      if (on) {
        expect(
          result.outcome,
          `with ${spec.defense} on the attack must be blocked: ${result.evidence}`,
        ).toBe('blocked');
        if (result.outcome === 'blocked' && result.correlationId) {
          const lines = await auditLines(spec.auditedBy, result.correlationId);
          expect(
            lines.length,
            `${spec.auditedBy} wrote no audit line for ${result.correlationId}`,
          ).toBeGreaterThan(0);
        }
      } else {
        expect(
          result.outcome,
          `with ${spec.defense} off the attack must succeed: ${result.evidence}`,
        ).toBe('succeeded');
      }
    },
  );
}
