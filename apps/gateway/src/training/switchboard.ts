import { SwitchRefused, type DefenseSwitches } from '@claimguard/config';
import type {
  DefenseId,
  Detection,
  TrainingPeer,
  TrainingStatus,
  TrainingSyncAnswer,
  TrainingSyncRequest,
} from '@claimguard/contracts';
import { audit, onAudit, type Logger } from '@claimguard/observability';
import { detectionOf } from '@claimguard/training';
import { Scoreboard } from './scoreboard.js';

/** A peer that has not synced for this long no longer counts for convergence. */
export const PEER_STALE_MS = 5_000;

/** Who asked for a change, for the audit line. */
export interface InstructorAct {
  sub: string;
  party: { kind: string; id: string };
  correlationId: string;
}

/**
 * The stack's one set of training switches (DESIGN.md "Training switches"), held by the gateway:
 * the instructor flips them, every other process syncs with them (see libs/training
 * `TrainingAgent`) and reports the training-path uses it saw, which make the scoreboard. The
 * gateway's own checks read the same `DefenseSwitches` instance, so a flip is live here at once.
 * Every change is audited. In production the switches are frozen and every change is refused.
 */
export class Switchboard {
  readonly scoreboard = new Scoreboard();
  private readonly peers = new Map<string, TrainingPeer>();
  private resetEpoch = 0;
  private stopListening: (() => void) | undefined;
  /** When the switches last changed (flip or reset), and when every peer first reported them. */
  private changedAt: number;
  private convergedAt: number | undefined;

  constructor(
    readonly switches: DefenseSwitches,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.changedAt = now();
    if (switches.frozen) return;
    // Version 1 is the starting set, so a process started with other settings adopts the gateway's.
    if (switches.version === 0) switches.apply(switches.offIds(), 1);
    // The gateway's own training paths score too (party-token, phantom-token, step-up, bfla…).
    this.stopListening = onAudit((event) => {
      const detection = detectionOf(event);
      if (detection) this.scoreboard.add(detection, 'gateway');
    });
  }

  /** Stops hearing the gateway's audit lines (Nest calls it on shutdown). */
  onApplicationShutdown(): void {
    this.stopListening?.();
  }

  /**
   * Turns one defense on or off. Throws `SwitchRefused` (production, unknown id, no training path).
   * Returns the new status.
   */
  set(defense: string, on: boolean, by: InstructorAct): TrainingStatus {
    const current = this.switches.offIds() as string[];
    const off = on ? current.filter((id) => id !== defense) : [...new Set([...current, defense])];
    this.switches.validate([defense]);
    const was = this.switches.isOn(defense as DefenseId);
    this.switches.apply(off, this.switches.version + 1);
    this.changed();
    audit(this.log, {
      action: 'training.switched',
      defense,
      sub: by.sub,
      party: by.party,
      correlationId: by.correlationId,
      reason: `instructor turned ${defense} ${on ? 'on' : 'off'} (was ${was ? 'on' : 'off'}); switches v${this.switches.version}`,
    });
    return this.status();
  }

  /**
   * Starts a workshop over: every defense on, the scoreboard cleared, and a new reset epoch that
   * every process carries out on its next sync (each restores its own starting data).
   */
  reset(by: InstructorAct): TrainingStatus {
    this.switches.validate([]);
    this.resetEpoch++;
    this.switches.apply([], this.switches.version + 1);
    this.changed();
    this.scoreboard.clear();
    audit(this.log, {
      action: 'training.reset',
      sub: by.sub,
      party: by.party,
      correlationId: by.correlationId,
      reason: `instructor reset the workshop (reset ${this.resetEpoch}); every defense on`,
    });
    return this.status();
  }

  /** One process's sync (its signature already checked): record it, answer with the switches. */
  sync(request: TrainingSyncRequest): Omit<TrainingSyncAnswer, 'inReplyTo'> {
    if (this.switches.frozen) {
      throw new SwitchRefused('TRAINING.DISABLED', 'defenses cannot be switched in production');
    }
    this.peers.set(request.service, {
      service: request.service,
      applied: request.applied,
      resetDone: request.resetDone,
      lastSyncAt: new Date(this.now()).toISOString(),
    });
    for (const detection of request.detections) this.addDetection(detection, request.service);
    if (this.convergedAt === undefined && this.isConverged()) this.convergedAt = this.now();
    return {
      version: this.switches.version,
      off: this.switches.offIds(),
      resetEpoch: this.resetEpoch,
    };
  }

  status(): TrainingStatus {
    return {
      version: this.switches.version,
      off: this.switches.offIds(),
      resetEpoch: this.resetEpoch,
      peers: [...this.peers.values()].sort((a, b) => a.service.localeCompare(b.service)),
      converged: this.isConverged(),
      ...(this.convergedAt === undefined
        ? {}
        : { convergedInMs: this.convergedAt - this.changedAt }),
    };
  }

  /** Every peer that synced in the last few seconds applied the current switches and reset. */
  private isConverged(): boolean {
    return [...this.peers.values()]
      .filter((peer) => this.now() - Date.parse(peer.lastSyncAt) <= PEER_STALE_MS)
      .every((peer) => peer.applied >= this.switches.version && peer.resetDone >= this.resetEpoch);
  }

  /** The switches changed: convergence is measured again from now. */
  private changed(): void {
    this.changedAt = this.now();
    this.convergedAt = undefined;
  }

  private addDetection(detection: Detection, seenBy: string): void {
    this.scoreboard.add(detection, seenBy);
  }
}
