import type { DefenseId, Detection, ScoreboardEntry } from '@claimguard/contracts';

interface Tally {
  sub: string;
  party?: { kind: string; id: string };
  defenses: Map<DefenseId, { firstAt: string; count: number; seenBy: Set<string> }>;
}

/** The most attendees (people, workloads, client addresses) one workshop's board holds. */
export const MAX_SCOREBOARD_ENTRIES = 1_000;
/** How many recent detections are remembered to count a retried or replayed one once. */
const MAX_REMEMBERED = 20_000;

/**
 * Who got past which defense while it was off, as the processes that let them through reported it
 * (never the attendee): one point per distinct defense per person. The same request seen twice
 * (a retry, a replayed sync) counts once. Bounded: past {@link MAX_SCOREBOARD_ENTRIES} attendees a
 * newcomer is not added (a flood of client addresses cannot grow the board without end), and only
 * the most recent detections are remembered for the once-only rule.
 */
export class Scoreboard {
  private readonly people = new Map<string, Tally>();
  private readonly seen = new Set<string>();
  private dropped = 0;

  /** Records one detection reported by `seenBy` (a service name, or `gateway`). */
  add(detection: Detection, seenBy: string): void {
    const key = `${detection.sub}|${detection.defense}|${detection.correlationId ?? detection.at}`;
    if (this.seen.has(key)) return;
    let tally = this.people.get(detection.sub);
    if (!tally) {
      if (this.people.size >= MAX_SCOREBOARD_ENTRIES) {
        this.dropped++;
        return;
      }
      tally = { sub: detection.sub, defenses: new Map() };
      this.people.set(detection.sub, tally);
    }
    this.seen.add(key);
    // A Set iterates in insertion order: the oldest remembered detection goes first.
    if (this.seen.size > MAX_REMEMBERED)
      this.seen.delete(this.seen.values().next().value as string);
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

  /** Detections of newcomers not added because the board was full (since the last reset). */
  droppedCount(): number {
    return this.dropped;
  }

  clear(): void {
    this.people.clear();
    this.seen.clear();
    this.dropped = 0;
  }
}
