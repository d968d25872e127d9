import { DomainError } from '@claimguard/contracts';
import type { TowJobStatus } from './tow-job-status.js';

/**
 * No tow job the caller may see has this id. Also thrown when a job exists but the policy denies
 * it, so the answer is no existence oracle (an attacker cannot tell "not yours" from "no such").
 */
export class TowJobNotFound extends DomainError {
  constructor() {
    super('TOWING.JOB_NOT_FOUND', 'No such tow job');
    this.name = 'TowJobNotFound';
  }
}

/** The job is not in a state that allows this move (dispatching twice, delivering before pick-up). */
export class IllegalTowJobTransition extends DomainError {
  constructor(message: string) {
    super('TOWING.ILLEGAL_TRANSITION', message);
    this.name = 'IllegalTowJobTransition';
  }

  /** @example IllegalTowJobTransition.from('DISPATCHED', 'dispatch') // "Cannot dispatch a tow job that is DISPATCHED" */
  static from(status: TowJobStatus, verb: string): IllegalTowJobTransition {
    return new IllegalTowJobTransition(`Cannot ${verb} a tow job that is ${status}`);
  }
}

/** The tow operator named a collision shop that is not one of towing's partner shops. */
export class UnknownShop extends DomainError {
  constructor() {
    super('TOWING.UNKNOWN_SHOP', 'Not a partner collision shop');
    this.name = 'UnknownShop';
  }
}
