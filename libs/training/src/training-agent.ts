import type { DefenseSwitches } from '@claimguard/config';
import {
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_INTERVAL_MS,
  TRAINING_SYNC_MEDIA_TYPE,
  TRAINING_SYNC_PATH,
  TRAINING_SYNC_TYP,
  TrainingSyncAnswerSchema,
  type Detection,
  type TrainingSyncRequest,
} from '@claimguard/contracts';
import { signEvent, type EventSigningKey } from '@claimguard/messaging';
import { audit, onAudit, type Logger } from '@claimguard/observability';
import { detectionOf } from './detections.js';

/** Detections kept while the switchboard cannot be reached; older ones are dropped first. */
const MAX_PENDING = 500;

export interface TrainingAgentOptions {
  /** This process's name: the switchboard checks the sync's signature with its public key. */
  service: string;
  /** The gateway's base URL (the switchboard), e.g. `http://127.0.0.1:8080`. */
  switchboardUrl: string;
  /** The process's one set of switches: the agent applies the switchboard's changes to it. */
  switches: DefenseSwitches;
  /** The process's event-signing key: signs each sync (a detached JWS, `typ` of its own). */
  signingKey: EventSigningKey;
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
 * two, without a restart. Never started in production mode (the switches are frozen there).
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
    const detections = this.pending;
    this.pending = [];
    const request: TrainingSyncRequest = {
      service,
      applied: switches.version,
      resetDone: this.resetDone,
      sentAt: new Date().toISOString(),
      detections,
    };
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    let answer: unknown;
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
      answer = await response.json();
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
    const parsed = TrainingSyncAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      log.warn('training switchboard sent an answer of the wrong shape; ignored');
      return;
    }
    await this.carryOut(parsed.data);
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
