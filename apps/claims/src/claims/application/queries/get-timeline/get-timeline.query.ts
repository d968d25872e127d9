import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TimelineEntry } from '../../ports/timeline.repository.port.js';

/** A party asks for a claim's timeline: every step any service reported, in order. */
export class GetTimelineQuery extends Query<{ status: string; entries: TimelineEntry[] }> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
