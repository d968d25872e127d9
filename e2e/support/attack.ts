import { expect, test } from '@playwright/test';
import {
  DEFENSES,
  DEMO_PERSONAS,
  type DefenseId,
  type ScoreboardEntry,
} from '@claimguard/contracts';
import { describeLink, findAuditLine, type AuditLine, type AuditLink } from './audit.js';
import { subOf } from './personas.js';
import { scoreboard, setDefense, waitForSyncsAfter } from './switches.js';

/** What one attempt of an attack produced. */
export type AttackResult =
  | {
      outcome: 'blocked';
      status: number;
      /** The attack's request, which the deciding app's audit line must name. */
      correlationId: string | null;
      /**
       * Where the refused request has no correlation id (a TLS handshake cut off, an event straight
       * to the broker, a browser redirect): the stable link to its audit line the attack states.
       */
      link?: AuditLink;
      evidence: string;
    }
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
  /**
   * What the attacker really obtains while the defense is off, and how the scenario reads it back
   * from the system (a success counts only with that gain re-read, never a status or an echo),
   * e.g. `bob reads alice's claim: the VIN and description alice's own read returns`.
   */
  gain: string;
  /** Which app writes the audit line the blue team sees when the attack is blocked. */
  auditedBy: AuditingApp;
  /**
   * The `action` of that audit line (its `defense` must be this scenario's): a blocked verdict
   * counts only with the named defense's own line for the attack's request, never a generic
   * refusal (any 401, any 400) alone.
   */
  auditAction: string;
  /**
   * Text the audit line's `reason` must contain, where a defense refuses by several rules and the
   * scenario names one of them (e.g. `an IP address instead of a host name`): blocked means
   * blocked by that rule, not by an earlier one the attack never meant to test.
   */
  auditReason?: string;
  /**
   * Why no audit line can name this blocked attack (nothing was refused: the defense shaped an
   * answer). Every scenario should have one; each exemption is listed in the report and is a gap
   * to close, not a way out.
   */
  auditGap?: string;
  /**
   * Other defenses that would stop this attack before it reaches the one under test: they are
   * turned off for BOTH runs, so the scenario isolates its own defense (defense in depth is what
   * their own scenarios prove). E.g. the decision route needs an MFA login (`step-up`), which a
   * member never has; the function-level check (`bfla`) is only reached without it.
   */
  alsoOff?: DefenseId[];
  /**
   * Who the workshop scoreboard must credit for the success: a demo persona's username (credited
   * by their party) or the actor the server names (`client 127.0.0.61`, `workload towing`, …).
   */
  attacker?: string;
  /**
   * Why the workshop scoreboard cannot credit this attack's success (the deciding process has no
   * link to the switchboard). Without it, a success with the defense off that the scoreboard has
   * not credited once every process reported what it saw fails the scenario.
   */
  scoreboardBlindSpot?: string;
}

/** One mode's outcome, as the report shows it. */
export interface AttackRun {
  mode: 'secure' | 'defense-off';
  outcome: AttackResult['outcome'];
  status: number;
  evidence: string;
  correlationId?: string | null;
  audit?: AuditLine;
  /** What tied the audit line to the attack's request (correlation id, client address, …). */
  auditLink?: string;
  /** How long the switchboard took until every process ran with the defense in this state. */
  convergedInMs: number;
  /** How long the attack itself took in this mode. */
  durationMs: number;
  /**
   * Defense off: whether the workshop scoreboard credited the success, learnt on the server (the
   * processes that saw the training path used, and when it was checked: after every process reported).
   */
  scoreboard?:
    | { detected: true; seenBy: string[]; checkedAfterMs: number; credited: string[] }
    | { detected: false };
}

/** How a scoreboard entry names who got past: `party kind:id` for a person, else the actor. */
function whoOf(entry: ScoreboardEntry): string {
  return entry.party ? `${entry.party.kind}:${entry.party.id}` : entry.sub;
}

/**
 * The names the scoreboard may know a scenario's attacker by: a demo persona's party and their
 * `sub` (a process that knows no party credits the sub alone), or an actor as it is.
 */
async function attackerNames(attacker: string): Promise<string[]> {
  const person = DEMO_PERSONAS.find((p) => p.username === attacker);
  if (!person) return [attacker];
  return [`${person.party.kind}:${person.party.id}`, await subOf(attacker)];
}

/** Every credit of `defense` on the scoreboard, per attendee (see {@link whoOf}). */
async function detections(
  defense: DefenseId,
): Promise<{ count: number; seenBy: Set<string>; byWho: Map<string, number> }> {
  let count = 0;
  const seenBy = new Set<string>();
  const byWho = new Map<string, number>();
  for (const entry of await scoreboard()) {
    for (const credit of entry.defenses) {
      if (credit.defense !== defense) continue;
      count += credit.count;
      byWho.set(whoOf(entry), (byWho.get(whoOf(entry)) ?? 0) + credit.count);
      for (const app of credit.seenBy) seenBy.add(app);
    }
  }
  return { count, seenBy, byWho };
}

/**
 * Whether the scoreboard credited one more success against `defense` than `before` counted, to
 * the attacker where the scenario names one. Asked once every process has reported everything it
 * saw up to the end of the attack ({@link waitForSyncsAfter}): a verdict, not a race with a clock.
 */
async function scoreboardCredit(
  defense: DefenseId,
  before: { count: number; byWho: Map<string, number> },
  attackEnded: number,
  attacker: string[] | undefined,
): Promise<NonNullable<AttackRun['scoreboard']>> {
  await waitForSyncsAfter(attackEnded);
  const now = await detections(defense);
  const credited = [...now.byWho]
    .filter(([who, n]) => n > (before.byWho.get(who) ?? 0))
    .map(([who]) => who)
    .sort();
  // Credited means the attacker's own line grew (when the scenario names its attacker).
  if (attacker ? credited.some((who) => attacker.includes(who)) : now.count > before.count) {
    return {
      detected: true,
      seenBy: [...now.seenBy].sort(),
      checkedAfterMs: Date.now() - attackEnded,
      credited,
    };
  }
  return { detected: false };
}

/** The attachment each scenario leaves for the attack report (e2e/support/attack-reporter.ts). */
export const ATTACK_ATTACHMENT = 'attack-scenario';

/**
 * Declares one attack scenario, proven both ways in one test on one running stack: the defense is
 * turned on through the instructor's console API (and every process confirms it), the attack must
 * be blocked and the deciding app must have written an audit line for the request; then the
 * defense is turned off at runtime, the same attack must succeed — and the workshop scoreboard must
 * credit that success, learnt on the server — then it is turned back on. The
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
        { type: 'gain', description: spec.gain },
        { type: 'audited-by', description: spec.auditedBy },
        {
          type: 'audit',
          description: spec.auditGap
            ? `none (${spec.auditGap})`
            : `${spec.auditedBy}: \`${spec.auditAction}\` of \`${spec.defense}\`${spec.auditReason ? ` ("${spec.auditReason}")` : ''}, linked to the request`,
        },
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
        // Whom the scoreboard must credit, learnt before the attack so the wait measures only it.
        const attackerAs = spec.attacker ? await attackerNames(spec.attacker) : undefined;
        for (const other of spec.alsoOff ?? []) await setDefense(other, false);
        const onIn = await setDefense(spec.defense, true);
        const secureBegan = Date.now();
        const secure = await run();
        const secureMs = Date.now() - secureBegan;
        const link =
          secure.outcome !== 'blocked'
            ? undefined
            : secure.correlationId
              ? { correlationId: secure.correlationId }
              : secure.link;
        const audit = link
          ? await findAuditLine(spec.auditedBy, link, {
              defense: spec.defense,
              action: spec.auditAction,
              since: secureBegan,
            })
          : undefined;
        runs.push({
          mode: 'secure',
          ...secure,
          ...(link ? { auditLink: describeLink(link) } : {}),
          ...(audit ? { audit } : {}),
          convergedInMs: onIn,
          durationMs: secureMs,
        });
        expect(
          secure.outcome,
          `with ${spec.defense} on the attack must be blocked: ${secure.evidence}`,
        ).toBe('blocked');
        // Blocked means blocked by the named defense: its own audit line, for this request.
        if (!spec.auditGap) {
          expect(link, 'the blocked attack names no link to its audit line').toBeDefined();
          expect(
            audit,
            `${spec.auditedBy} wrote no ${spec.auditAction} audit line of defense ${spec.defense} for ${link ? describeLink(link) : '?'}`,
          ).toBeDefined();
          if (spec.auditReason) {
            expect(
              audit?.reason ?? '',
              `the audit line names another rule than the scenario's`,
            ).toContain(spec.auditReason);
          }
        }

        const offIn = await setDefense(spec.defense, false);
        const credited = await detections(spec.defense);
        const offBegan = Date.now();
        const off = await run();
        const offEnded = Date.now();
        runs.push({
          mode: 'defense-off',
          ...off,
          convergedInMs: offIn,
          durationMs: offEnded - offBegan,
          ...(off.outcome === 'succeeded'
            ? {
                scoreboard: await scoreboardCredit(spec.defense, credited, offEnded, attackerAs),
              }
            : {}),
        });
        expect(
          off.outcome,
          `with ${spec.defense} off the attack must succeed: ${off.evidence}`,
        ).toBe('succeeded');
        if (!spec.scoreboardBlindSpot) {
          expect(spec.attacker, 'the scenario names no attacker for the scoreboard').toBeDefined();
          expect(
            runs.at(-1)?.scoreboard?.detected,
            `the scoreboard did not credit ${spec.attacker ?? 'anyone'} for the success against ${spec.defense} once every process had reported`,
          ).toBe(true);
        }
      } finally {
        await record();
        await setDefense(spec.defense, true);
        for (const other of spec.alsoOff ?? []) await setDefense(other, true);
      }
    },
  );
}
