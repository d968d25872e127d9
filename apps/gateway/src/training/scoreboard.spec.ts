import { describe, expect, it } from 'vitest';
import type { Detection } from '@claimguard/contracts';
import { MAX_SCOREBOARD_ENTRIES, Scoreboard } from './scoreboard.js';

const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, second)).toISOString();
const detection = (over: Partial<Detection>): Detection => ({
  defense: 'bola',
  sub: 'bob-sub',
  party: { kind: 'member', id: 'M-100002' },
  correlationId: 'c-1',
  reason: 'allowed by training-bola-off-any-reader-reads-any-claim',
  at: at(1),
  ...over,
});

describe('Scoreboard', () => {
  it('gives one point per distinct defense a person got past, best first', () => {
    const board = new Scoreboard();
    board.add(detection({}), 'claims');
    board.add(detection({ defense: 'consent', correlationId: 'c-2', at: at(2) }), 'claims');
    board.add(
      detection({ sub: 'grace-sub', party: { kind: 'repair_shop', id: 'S-02' }, at: at(3) }),
      'repair',
    );
    const [first, second] = board.entries();
    expect(first).toMatchObject({
      sub: 'bob-sub',
      score: 2,
      party: { kind: 'member', id: 'M-100002' },
    });
    expect(first?.defenses.map((d) => d.defense)).toEqual(['bola', 'consent']);
    expect(second).toMatchObject({ sub: 'grace-sub', score: 1 });
  });

  it('counts repeated uses of a hole but scores it once, and the same request reported twice once', () => {
    const board = new Scoreboard();
    board.add(detection({}), 'gateway');
    board.add(detection({}), 'claims');
    board.add(detection({ correlationId: 'c-9', at: at(9) }), 'claims');
    const [entry] = board.entries();
    expect(entry?.score).toBe(1);
    expect(entry?.defenses[0]).toMatchObject({
      count: 2,
      firstAt: at(1),
      seenBy: ['claims', 'gateway'],
    });
  });

  it('ties go to whoever got there first', () => {
    const board = new Scoreboard();
    board.add(detection({ sub: 'late', at: at(30) }), 'claims');
    board.add(detection({ sub: 'early', at: at(10) }), 'claims');
    expect(board.entries().map((e) => e.sub)).toEqual(['early', 'late']);
  });

  it('holds at most MAX_SCOREBOARD_ENTRIES attendees: a flood of new names adds nothing more', () => {
    const board = new Scoreboard();
    for (let i = 0; i < MAX_SCOREBOARD_ENTRIES + 50; i++) {
      board.add(
        detection({ sub: `client 10.0.${i >> 8}.${i & 255}`, correlationId: `c-${i}` }),
        'gateway',
      );
    }
    expect(board.entries()).toHaveLength(MAX_SCOREBOARD_ENTRIES);
    expect(board.droppedCount()).toBe(50);
    // Those already on the board still score.
    board.add(
      detection({ sub: 'client 10.0.0.0', defense: 'cors', correlationId: 'x' }),
      'gateway',
    );
    expect(board.entries().find((e) => e.sub === 'client 10.0.0.0')?.score).toBe(2);
  });

  it('is empty after a clear', () => {
    const board = new Scoreboard();
    board.add(detection({}), 'claims');
    board.clear();
    expect(board.entries()).toEqual([]);
    board.add(detection({}), 'claims');
    expect(board.entries()).toHaveLength(1);
  });
});
