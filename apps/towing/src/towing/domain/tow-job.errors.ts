import { DomainError } from '@claimguard/contracts';

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
