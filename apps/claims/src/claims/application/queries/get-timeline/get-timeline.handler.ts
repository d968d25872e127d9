import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClaimAccess } from '../../claim-access.js';
import { TimelineRepository, type TimelineEntry } from '../../ports/timeline.repository.port.js';
import { GetTimelineQuery } from './get-timeline.query.js';

/** The timeline of a claim the caller may read (same rule and same 404 as reading the claim). */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly timeline: TimelineRepository,
  ) {}

  async execute({
    caller,
    claimId,
    correlationId,
  }: GetTimelineQuery): Promise<{ status: string; entries: TimelineEntry[] }> {
    const claim = await this.access.readable(caller, claimId, correlationId);
    return { status: claim.status, entries: await this.timeline.forClaim(claim.id) };
  }
}
