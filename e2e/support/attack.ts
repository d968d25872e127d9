import { expect, test } from '@playwright/test';
import { DEFENSES, type DefenseId } from '@claimguard/contracts';
import { auditLines, type AuditLine } from './audit.js';
import { setDefense } from './switches.js';

/** What one attempt of an attack produced. */
export type AttackResult =
  | { outcome: 'blocked'; status: number; correlationId: string | null; evidence: string }
  | { outcome: 'succeeded'; status: number; evidence: string }
  | { outcome: 'inconclusive'; status: number; evidence: string };

/** The apps that write audit lines. */
export type AuditingApp =
  'gateway' | 'claims' | 'towing' | 'repair' | 'rental' | 'identity' | 'web';

export interface AttackSpec {
  /** Stable scenario id, e.g. `API1-BOLA-001`. */
  id: string;
  title: string;
  /** The defense this attack exercises (DESIGN.md "Training switches"). */
  defense: DefenseId;
  /** OWASP API Security Top 10 (2023) id and name, e.g. `API1:2023 Broken Object Level Authorization`. */
  owasp: string;
  /** e.g. `CWE-639`. */
  cwe: string;
  /** OWASP ASVS 4.0.3 requirement, e.g. `V4.2.1`. */
  asvs: string;
  /** What the attacker gets while the defense is on, e.g. `404 REPAIR.ORDER_NOT_FOUND`. */
  blocked: string;
  /** Which app writes the audit line the blue team sees when the attack is blocked. */
  auditedBy: AuditingApp;
  /**
   * Other defenses that would stop this attack before it reaches the one under test: they are
   * turned off for BOTH runs, so the scenario isolates its own defense (defense in depth is what
   * their own scenarios prove). E.g. the decision route needs an MFA login (`step-up`), which a
   * member never has; the function-level check (`bfla`) is only reached without it.
   */
  alsoOff?: DefenseId[];
}

/** One mode's outcome, as the report shows it. */
export interface AttackRun {
  mode: 'secure' | 'defense-off';
  outcome: AttackResult['outcome'];
  status: number;
  evidence: string;
  correlationId?: string | null;
  audit?: AuditLine;
  /** How long the switchboard took until every process ran with the defense in this state. */
  convergedInMs: number;
  /** How long the attack itself took in this mode. */
  durationMs: number;
}

/** The attachment each scenario leaves for the attack report (e2e/support/attack-reporter.ts). */
export const ATTACK_ATTACHMENT = 'attack-scenario';

/**
 * Declares one attack scenario, proven both ways in one test on one running stack: the defense is
 * turned on through the instructor's console API (and every process confirms it), the attack must
 * be blocked and the deciding app must have written an audit line for the request; then the
 * defense is turned off at runtime, the same attack must succeed; then it is turned back on. The
 * attack's own code decides from concrete evidence whether it was blocked or succeeded; an
 * inconclusive result, or a scenario that passes both ways, fails. Scenarios flip shared switches,
 * so the `attacks` project runs them one at a time.
 */
export function attack(spec: AttackSpec, run: () => Promise<AttackResult>): void {
  test(
    `${spec.id} ${spec.title} [${spec.defense}]`,
    {
      tag: ['@attack', `@${spec.defense}`],
      annotation: [
        { type: 'defense', description: spec.defense },
        { type: 'owasp', description: spec.owasp },
        { type: 'cwe', description: spec.cwe },
        { type: 'asvs', description: spec.asvs },
        { type: 'blocked', description: spec.blocked },
        { type: 'audited-by', description: spec.auditedBy },
        ...(spec.alsoOff?.length
          ? [{ type: 'also-off', description: spec.alsoOff.join(', ') }]
          : []),
      ],
    },
    async () => {
      const runs: AttackRun[] = [];
      const record = () =>
        test.info().attach(ATTACK_ATTACHMENT, {
          body: JSON.stringify({ ...spec, defenseTitle: DEFENSES[spec.defense].title, runs }),
          contentType: 'application/json',
        });
      try {
        for (const other of spec.alsoOff ?? []) await setDefense(other, false);
        const onIn = await setDefense(spec.defense, true);
        const secureBegan = Date.now();
        const secure = await run();
        const secureMs = Date.now() - secureBegan;
        const audit =
          secure.outcome === 'blocked' && secure.correlationId
            ? (await auditLines(spec.auditedBy, secure.correlationId))[0]
            : undefined;
        runs.push({
          mode: 'secure',
          ...secure,
          ...(audit ? { audit } : {}),
          convergedInMs: onIn,
          durationMs: secureMs,
        });
        expect(
          secure.outcome,
          `with ${spec.defense} on the attack must be blocked: ${secure.evidence}`,
        ).toBe('blocked');
        if (secure.outcome === 'blocked' && secure.correlationId) {
          expect(
            audit,
            `${spec.auditedBy} wrote no audit line for ${secure.correlationId}`,
          ).toBeDefined();
        }

        const offIn = await setDefense(spec.defense, false);
        const offBegan = Date.now();
        const off = await run();
        runs.push({
          mode: 'defense-off',
          ...off,
          convergedInMs: offIn,
          durationMs: Date.now() - offBegan,
        });
        expect(
          off.outcome,
          `with ${spec.defense} off the attack must succeed: ${off.evidence}`,
        ).toBe('succeeded');
      } finally {
        await record();
        await setDefense(spec.defense, true);
        for (const other of spec.alsoOff ?? []) await setDefense(other, true);
      }
    },
  );
}
