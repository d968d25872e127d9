import type { DefenseId, Detection, ScoreboardEntry } from '@claimguard/contracts';

interface Tally {
  sub: string;
  party?: { kind: string; id: string };
  defenses: Map<DefenseId, { firstAt: string; count: number; seenBy: Set<string> }>;
}

/**
 * Who got past which defense while it was off, as the processes that let them through reported it
 * (never the attendee): one point per distinct defense per person. The same request seen twice
 * (a retry, a replayed sync) counts once.
 */
export class Scoreboard {
  private readonly people = new Map<string, Tally>();
  private readonly seen = new Set<string>();

  /** Records one detection reported by `seenBy` (a service name, or `gateway`). */
  add(detection: Detection, seenBy: string): void {
    const key = `${detection.sub}|${detection.defense}|${detection.correlationId ?? detection.at}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let tally = this.people.get(detection.sub);
    if (!tally) {
      tally = { sub: detection.sub, defenses: new Map() };
      this.people.set(detection.sub, tally);
    }
    if (detection.party) tally.party = detection.party;
    const entry = tally.defenses.get(detection.defense);
    if (entry) {
      entry.count++;
      entry.seenBy.add(seenBy);
    } else {
      tally.defenses.set(detection.defense, {
        firstAt: detection.at,
        count: 1,
        seenBy: new Set([seenBy]),
      });
    }
  }

  /** Best first; ties by who got there first. */
  entries(): ScoreboardEntry[] {
    return [...this.people.values()]
      .map((tally) => {
        const defenses = [...tally.defenses.entries()]
          .map(([defense, e]) => ({
            defense,
            firstAt: e.firstAt,
            count: e.count,
            seenBy: [...e.seenBy].sort(),
          }))
          .sort((a, b) => a.firstAt.localeCompare(b.firstAt));
        return {
          sub: tally.sub,
          ...(tally.party ? { party: tally.party } : {}),
          defenses,
          score: defenses.length,
        };
      })
      .sort(
        (a, b) =>
          b.score - a.score ||
          (a.defenses.at(-1)?.firstAt ?? '').localeCompare(b.defenses.at(-1)?.firstAt ?? ''),
      );
  }

  clear(): void {
    this.people.clear();
    this.seen.clear();
  }
}
