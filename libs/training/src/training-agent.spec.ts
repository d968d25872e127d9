import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import {
  TRAINING_ANSWER_TYP,
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_TYP,
  TrainingSyncRequestSchema,
  type TrainingSyncAnswer,
  type TrainingSyncRequest,
} from '@claimguard/contracts';
import {
  eventSignatureProblem,
  FileEventKeyResolver,
  loadOrCreateEventSigningKey,
  signEvent,
} from '@claimguard/messaging';
import { audit, onAudit, type AuditEvent } from '@claimguard/observability';
import { TrainingAgent } from './training-agent.js';

const log = pino({ enabled: false });
const keysDir = mkdtempSync(join(tmpdir(), 'cg-training-'));

/**
 * How the stand-in answers: as the gateway does (signed with the `gateway` key, bound to the
 * sync), or as something on the path might — unsigned, signed with another process's key, or an
 * earlier genuine answer played back.
 */
type Answering = 'signed' | 'unsigned' | 'other-key' | 'replay';

/** A switchboard stand-in: records each sync and answers with `state`. */
function switchboard(state: Omit<TrainingSyncAnswer, 'inReplyTo'>) {
  const syncs: { request: TrainingSyncRequest; body: Buffer; signature: string | null }[] = [];
  let down = false;
  let answering: Answering = 'signed';
  let firstAnswer: { bytes: Buffer; signature: string } | undefined;
  const fetch = (async (_url: string, init: RequestInit) => {
    if (down) throw new Error('connect ECONNREFUSED');
    const body = init.body as Buffer;
    const headers = init.headers as Record<string, string>;
    syncs.push({
      request: TrainingSyncRequestSchema.parse(JSON.parse(body.toString('utf8'))),
      body,
      signature: headers[TRAINING_SIGNATURE_HEADER] ?? null,
    });
    const inReplyTo = createHash('sha256').update(body).digest('base64url');
    const bytes = Buffer.from(JSON.stringify({ ...state, inReplyTo }));
    const signer = answering === 'other-key' ? 'claims' : 'gateway';
    const signature = await signEvent(
      await loadOrCreateEventSigningKey(keysDir, signer),
      bytes,
      TRAINING_ANSWER_TYP,
    );
    firstAnswer ??= { bytes, signature };
    const sent = answering === 'replay' ? firstAnswer : { bytes, signature };
    return new Response(sent.bytes, {
      status: 200,
      headers: answering === 'unsigned' ? {} : { [TRAINING_SIGNATURE_HEADER]: sent.signature },
    });
  }) as unknown as typeof globalThis.fetch;
  return {
    fetch,
    syncs,
    state,
    setDown: (value: boolean) => (down = value),
    answer: (how: Answering) => (answering = how),
  };
}

const agents: TrainingAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

async function agentWith(
  board: ReturnType<typeof switchboard>,
  switches = DefenseSwitches.allOn(),
  reset?: () => Promise<void>,
) {
  const signingKey = await loadOrCreateEventSigningKey(keysDir, 'towing');
  const agent = new TrainingAgent({
    service: 'towing',
    switchboardUrl: 'http://gateway.test',
    switches,
    signingKey,
    trustStore: new FileEventKeyResolver(keysDir),
    log,
    fetch: board.fetch,
    intervalMs: 60_000,
    ...(reset ? { reset } : {}),
  });
  agents.push(agent);
  return { agent, switches };
}

describe('TrainingAgent', () => {
  it('applies the switches the switchboard answers with, once per newer version', async () => {
    const board = switchboard({ version: 2, off: ['bola', 'mtls'], resetEpoch: 0 });
    const { agent, switches } = await agentWith(board);
    await agent.syncNow();
    expect(switches.isOn('bola')).toBe(false);
    expect(switches.version).toBe(2);
    board.state.version = 3;
    board.state.off = [];
    await agent.syncNow();
    expect(switches.offIds()).toEqual([]);
    expect(board.syncs.map((s) => s.request.applied)).toEqual([0, 2]);
  });

  it("signs every sync with the service's own key under the training typ, not the event typ", async () => {
    const board = switchboard({ version: 0, off: [], resetEpoch: 0 });
    const { agent } = await agentWith(board);
    await agent.syncNow();
    const [sync] = board.syncs;
    const resolver = new FileEventKeyResolver(keysDir);
    expect(
      await eventSignatureProblem(
        resolver,
        'towing',
        sync!.body,
        sync!.signature!,
        TRAINING_SYNC_TYP,
      ),
    ).toBeUndefined();
    // The same bytes do not pass as an event, nor as another service's sync.
    expect(await eventSignatureProblem(resolver, 'towing', sync!.body, sync!.signature!)).toMatch(
      /typ/,
    );
    expect(
      await eventSignatureProblem(
        resolver,
        'claims',
        sync!.body,
        sync!.signature!,
        TRAINING_SYNC_TYP,
      ),
    ).toBeDefined();
  });

  it('reports the training-path uses of people from its audit lines, and keeps them while the switchboard is away', async () => {
    const board = switchboard({ version: 0, off: [], resetEpoch: 0 });
    const { agent } = await agentWith(board);
    agent.start();
    await agent.syncNow();
    audit(log, { action: 'defense.off', defense: 'bola', sub: 'bob-sub', reason: 'bola off' });
    audit(log, { action: 'defense.off', reason: 'start-up notice, nobody' });
    audit(log, { action: 'authz.denied', defense: 'bola', sub: 'bob-sub', reason: 'denied' });
    board.setDown(true);
    await agent.syncNow();
    board.setDown(false);
    audit(log, {
      action: 'authz.allowed',
      defense: 'bfla',
      sub: 'bob-sub',
      party: { kind: 'member', id: 'M-1' },
      correlationId: 'c-1',
      reason: 'allowed by training-bfla',
    });
    // No person, but someone the server could name: a workload, a client address.
    audit(log, {
      action: 'defense.off',
      defense: 'mtls',
      actor: 'workload towing',
      reason: 'let through',
    });
    await agent.syncNow();
    const reported = board.syncs.flatMap((s) => s.request.detections);
    expect(reported.map((d) => [d.defense, d.sub])).toEqual([
      ['bola', 'bob-sub'],
      ['bfla', 'bob-sub'],
      ['mtls', 'workload towing'],
    ]);
    expect(reported[1]).toMatchObject({
      party: { kind: 'member', id: 'M-1' },
      correlationId: 'c-1',
    });
  });

  it('adopts the reset in force when it starts, and carries out each newer one once', async () => {
    const board = switchboard({ version: 0, off: [], resetEpoch: 4 });
    let resets = 0;
    const { agent } = await agentWith(board, DefenseSwitches.allOn(), () => {
      resets++;
      return Promise.resolve();
    });
    await agent.syncNow();
    expect(resets).toBe(0);
    board.state.resetEpoch = 5;
    await agent.syncNow();
    await agent.syncNow();
    expect(resets).toBe(1);
    expect(board.syncs.at(-1)!.request.resetDone).toBe(5);
  });

  it.each([
    ['unsigned', 'event is not signed'],
    ['other-key', "not signed with gateway's key"],
    ['replay', 'not for this sync'],
  ] as const)(
    'applies no answer that is %s, keeping its switches, and audits the refusal',
    async (how, reason) => {
      const board = switchboard({ version: 1, off: [], resetEpoch: 0 });
      const { agent, switches } = await agentWith(board);
      // A genuine first answer (the one a replay plays back later).
      await agent.syncNow();
      const heard: AuditEvent[] = [];
      const stop = onAudit((event) => heard.push(event));
      try {
        board.answer(how);
        board.state.version = 2;
        board.state.off = ['bola'];
        await agent.syncNow();
      } finally {
        stop();
      }
      expect(switches.isOn('bola')).toBe(true);
      expect(switches.version).toBe(1);
      expect(heard.map((e) => e.reason).join('\n')).toContain(reason);
    },
  );

  it('never syncs in production mode', async () => {
    const board = switchboard({ version: 1, off: ['bola'], resetEpoch: 0 });
    const { agent, switches } = await agentWith(
      board,
      DefenseSwitches.fromSetting('', 'production'),
    );
    agent.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(board.syncs).toHaveLength(0);
    expect(switches.isOn('bola')).toBe(true);
  });
});
