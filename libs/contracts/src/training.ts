import { z } from 'zod';
import { DEFENSE_IDS, type DefenseId } from './defenses.js';
import { PartySchema } from './party.js';

/**
 * The training switchboard (DESIGN.md "Training switches"): the gateway holds the one set of
 * switches a stack runs with; the instructor flips them at `/api/_training/*`; every other process
 * syncs with the gateway about once a second — it sends what it applied and what it detected, and
 * gets the current switches back. None of it exists in production mode.
 */

/** Where services sync with the gateway's switchboard. */
export const TRAINING_SYNC_PATH = '/api/_training/sync';
/** Media type of a sync body: parsed by the gateway as raw bytes, so the signature can be checked. */
export const TRAINING_SYNC_MEDIA_TYPE = 'application/vnd.claimguard.training-sync+json';
/** Header with the detached JWS (the service's event-signing key) over the sync body's bytes. */
export const TRAINING_SIGNATURE_HEADER = 'training-signature';
/** `typ` of a sync signature, so neither an event nor a sync can pass for the other. */
export const TRAINING_SYNC_TYP = 'claimguard-training-sync+jws';
/**
 * `typ` of the switchboard's signature over its answer's bytes (the gateway's own event-signing
 * key, published in the trust store as `gateway`), sent in {@link TRAINING_SIGNATURE_HEADER}: a
 * process applies only an answer the gateway signed, to the sync it sent (`inReplyTo`).
 */
export const TRAINING_ANSWER_TYP = 'claimguard-training-answer+jws';
/** The trust-store name of the switchboard's answer-signing key. */
export const TRAINING_SWITCHBOARD_SIGNER = 'gateway';
/** How often a process syncs; a flip reaches everyone within two of these. */
export const TRAINING_SYNC_INTERVAL_MS = 500;
/** The most detections one sync carries; a process keeps the rest for its next syncs. */
export const TRAINING_SYNC_MAX_DETECTIONS = 100;
/**
 * The largest sync body the switchboard reads: {@link TRAINING_SYNC_MAX_DETECTIONS} detections of
 * bounded fields (about 1.2 KiB each at most) and the rest, with room to spare.
 */
export const TRAINING_SYNC_MAX_BYTES = 192 * 1024;

const DefenseIdSchema = z.enum(DEFENSE_IDS as [DefenseId, ...DefenseId[]]);

/**
 * One use of a training path by a person, as the process that let it through saw it: the hole a
 * workshop attendee just walked through. Written from the audit line the process writes anyway.
 */
export const DetectionSchema = z.strictObject({
  defense: DefenseIdSchema,
  sub: z.string().min(1).max(200),
  party: PartySchema.optional(),
  correlationId: z.string().max(200).optional(),
  /** The audit reason (never a token or secret). */
  reason: z.string().max(500),
  at: z.iso.datetime(),
});
export type Detection = z.infer<typeof DetectionSchema>;

/** What a process tells the switchboard on each sync (signed, see `TRAINING_SIGNATURE_HEADER`). */
export const TrainingSyncRequestSchema = z.strictObject({
  service: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  /** The switches version it runs with. */
  applied: z.number().int().min(0),
  /** The last workshop reset it carried out (0 = none). */
  resetDone: z.number().int().min(0),
  sentAt: z.iso.datetime(),
  detections: z.array(DetectionSchema).max(TRAINING_SYNC_MAX_DETECTIONS),
});
export type TrainingSyncRequest = z.infer<typeof TrainingSyncRequestSchema>;

/**
 * The switchboard's answer: the switches to run with, and the reset to carry out if newer. Signed
 * (see {@link TRAINING_ANSWER_TYP}) and bound to the sync it answers: `inReplyTo` is the base64url
 * SHA-256 of that sync's body bytes, so an answer captured earlier cannot be played back.
 */
export const TrainingSyncAnswerSchema = z.strictObject({
  version: z.number().int().min(0),
  off: z.array(DefenseIdSchema),
  resetEpoch: z.number().int().min(0),
  inReplyTo: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type TrainingSyncAnswer = z.infer<typeof TrainingSyncAnswerSchema>;

/** `PUT /api/_training/defenses/:id` body. */
export const SwitchDefenseBodySchema = z.strictObject({ on: z.boolean() });

/** Where one process stands, as the switchboard saw it on its last sync. */
export interface TrainingPeer {
  service: string;
  applied: number;
  resetDone: number;
  lastSyncAt: string;
}

/** `GET /api/_training/status`: the switches and whether every process runs with them. */
export interface TrainingStatus {
  version: number;
  off: DefenseId[];
  resetEpoch: number;
  peers: TrainingPeer[];
  /** True when every peer that synced in the last few seconds applied `version` (and the reset). */
  converged: boolean;
  /**
   * How long after the last flip or reset the switchboard first heard every fresh peer report it
   * applied (ms, measured by the gateway's own clock); absent until then. The promise is 2 s.
   */
  convergedInMs?: number;
}

/** One attendee's line on the scoreboard. */
export interface ScoreboardEntry {
  sub: string;
  party?: { kind: string; id: string };
  /** Every defense this person got past while it was off, first time first. */
  defenses: { defense: DefenseId; firstAt: string; count: number; seenBy: string[] }[];
  score: number;
}
