import { createHash } from 'node:crypto';
import type { DefenseSwitches } from '@claimguard/config';
import {
  TRAINING_ANSWER_TYP,
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SWITCHBOARD_SIGNER,
  TRAINING_SYNC_INTERVAL_MS,
  TRAINING_SYNC_MAX_DETECTIONS,
  TRAINING_SYNC_MEDIA_TYPE,
  TRAINING_SYNC_PATH,
  TRAINING_SYNC_TYP,
  TrainingSyncAnswerSchema,
  type Detection,
  type TrainingSyncRequest,
} from '@claimguard/contracts';
import {
  eventSignatureProblem,
  signEvent,
  type EventKeyResolver,
  type EventSigningKey,
} from '@claimguard/messaging';
import { audit, onAudit, type Logger } from '@claimguard/observability';
import { detectionOf } from './detections.js';

/** Detections kept while the switchboard cannot be reached; older ones are dropped first. */
const MAX_PENDING = 500;
/** The most bytes of an answer read: a real one is a few hundred. */
const MAX_ANSWER_BYTES = 16 * 1024;

export interface TrainingAgentOptions {
  /** This process's name: the switchboard checks the sync's signature with its public key. */
  service: string;
  /** The gateway's base URL (the switchboard), e.g. `http://127.0.0.1:8080`. */
  switchboardUrl: string;
  /** The process's one set of switches: the agent applies the switchboard's changes to it. */
  switches: DefenseSwitches;
  /** The process's event-signing key: signs each sync (a detached JWS, `typ` of its own). */
  signingKey: EventSigningKey;
  /**
   * The event trust store: the switchboard's answers must be signed by its key there
   * (`TRAINING_SWITCHBOARD_SIGNER`), or they are not applied.
   */
  trustStore: EventKeyResolver;
  log: Logger;
  /**
   * Restores the workshop's starting data (the service's own tables). Runs once per reset the
   * instructor asks for; a process that just started adopts the current reset without running it.
   */
  reset?: () => Promise<void>;
  intervalMs?: number;
  /** Default: the global `fetch`; tests pass a stand-in. */
  fetch?: typeof fetch;
}

/**
 * One process's link to the training switchboard (the gateway). About twice a second it posts
 * what it runs with and the training-path uses it saw (from its own audit lines, so nobody can
 * report a score for themselves), signed with its event-signing key, and applies the switches it
 * gets back — so an instructor's flip reaches every check of every process within a second or
 * two, without a restart. It applies an answer only when the switchboard signed its bytes and it
 * answers this very sync (`inReplyTo`): nothing on the path (plain http in a lab) can turn a
 * defense off or trigger a reset. Never started in production mode (the switches are frozen).
 * @example const agent = new TrainingAgent({ service: 'claims', switchboardUrl, switches, signingKey, log }); agent.start();
 */
export class TrainingAgent {
  private pending: Detection[] = [];
  private resetDone = 0;
  private adopted = false;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private inFlight: Promise<void> | undefined;
  private warnedUnreachable = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TrainingAgentOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Starts listening to audit lines and syncing; a frozen (production) process does neither. */
  start(): void {
    if (this.options.switches.frozen || this.timer) return;
    this.stopListening = onAudit((event) => {
      const detection = detectionOf(event);
      if (!detection) return;
      this.pending.push(detection);
      if (this.pending.length > MAX_PENDING)
        this.pending.splice(0, this.pending.length - MAX_PENDING);
    });
    const interval = this.options.intervalMs ?? TRAINING_SYNC_INTERVAL_MS;
    this.timer = setInterval(() => void this.syncNow(), interval);
    this.timer.unref();
    void this.syncNow();
  }

  /** Stops syncing (waits for a sync in flight). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening?.();
    await this.inFlight;
  }

  /** One sync now; overlapping calls share the one in flight. Never throws. */
  syncNow(): Promise<void> {
    this.inFlight ??= this.sync().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async sync(): Promise<void> {
    const { service, switches, signingKey, log } = this.options;
    // At most one sync's worth; the rest waits for the next sync (twice a second).
    const detections = this.pending.slice(0, TRAINING_SYNC_MAX_DETECTIONS);
    this.pending = this.pending.slice(TRAINING_SYNC_MAX_DETECTIONS);
    const request: TrainingSyncRequest = {
      service,
      applied: switches.version,
      resetDone: this.resetDone,
      sentAt: new Date().toISOString(),
      detections,
    };
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    let answer: { bytes: Uint8Array; signature: string | undefined };
    try {
      const response = await this.fetch(`${this.options.switchboardUrl}${TRAINING_SYNC_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': TRAINING_SYNC_MEDIA_TYPE,
          [TRAINING_SIGNATURE_HEADER]: await signEvent(signingKey, body, TRAINING_SYNC_TYP),
        },
        body,
        signal: AbortSignal.timeout(2_000),
      });
      if (!response.ok) throw new Error(`switchboard answered ${response.status}`);
      answer = {
        bytes: await readCapped(response, MAX_ANSWER_BYTES),
        signature: response.headers.get(TRAINING_SIGNATURE_HEADER) ?? undefined,
      };
      this.warnedUnreachable = false;
    } catch (error) {
      // Keep what was seen for the next sync; say once that the switchboard is away.
      this.pending = [...detections, ...this.pending].slice(-MAX_PENDING);
      if (!this.warnedUnreachable) {
        log.warn(
          { err: String(error) },
          'training switchboard unreachable; keeping current switches',
        );
        this.warnedUnreachable = true;
      }
      return;
    }
    const problem = await this.answerProblem(answer, body);
    if (problem) {
      audit(log, {
        action: 'authn.failure',
        actor: 'training switchboard',
        reason: `switchboard answer refused, switches kept: ${problem}`,
      });
      return;
    }
    await this.carryOut(
      TrainingSyncAnswerSchema.parse(JSON.parse(Buffer.from(answer.bytes).toString('utf8'))),
    );
  }

  /** Why an answer must not be applied: not the switchboard's signature, not for this sync, … */
  private async answerProblem(
    answer: { bytes: Uint8Array; signature: string | undefined },
    sent: Buffer,
  ): Promise<string | undefined> {
    const unsigned = await eventSignatureProblem(
      this.options.trustStore,
      TRAINING_SWITCHBOARD_SIGNER,
      answer.bytes,
      answer.signature,
      TRAINING_ANSWER_TYP,
    );
    if (unsigned) return unsigned;
    let parsed;
    try {
      parsed = TrainingSyncAnswerSchema.safeParse(
        JSON.parse(Buffer.from(answer.bytes).toString('utf8')),
      );
    } catch {
      return 'the answer is not JSON';
    }
    if (!parsed.success) return 'the answer has the wrong shape';
    if (parsed.data.inReplyTo !== createHash('sha256').update(sent).digest('base64url')) {
      return 'the answer is not for this sync (a replay)';
    }
    return undefined;
  }

  private async carryOut(answer: {
    version: number;
    off: string[];
    resetEpoch: number;
  }): Promise<void> {
    const { switches, log } = this.options;
    if (!this.adopted) {
      // A process that just started joins the workshop as it is: no reset of what others did.
      this.adopted = true;
      this.resetDone = answer.resetEpoch;
    } else if (answer.resetEpoch > this.resetDone) {
      try {
        await this.options.reset?.();
        this.resetDone = answer.resetEpoch;
        audit(log, {
          action: 'training.reset',
          reason: `workshop reset ${answer.resetEpoch} done`,
        });
      } catch (error) {
        log.error({ err: error }, 'workshop reset failed; will retry');
      }
    }
    let change: ReturnType<DefenseSwitches['apply']>;
    try {
      change = switches.apply(answer.off, answer.version);
    } catch (error) {
      log.warn(
        { err: String(error) },
        'training switchboard asked for a change this process refuses',
      );
      return;
    }
    if (!change) return;
    // Tell the switchboard at once, so the instructor sees the flip applied without another wait.
    if (this.timer) setTimeout(() => void this.syncNow(), 0).unref();
    audit(log, {
      action: 'training.switched',
      reason:
        `switches v${change.version} applied; off: ${change.off.join(', ') || 'none'}` +
        (change.turnedOff.length ? `; turned off: ${change.turnedOff.join(', ')}` : '') +
        (change.turnedOn.length ? `; turned on: ${change.turnedOn.join(', ')}` : ''),
    });
  }
}

/** A response body of at most `limit` bytes; a longer one is an error (nobody is read past it). */
async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit)
    throw new Error('switchboard answer too large');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > limit) throw new Error('switchboard answer too large');
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks);
}
