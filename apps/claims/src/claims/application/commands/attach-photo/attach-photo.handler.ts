import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../../../config.js';
import { CLAIMS_CONFIG } from '../../../../platform/tokens.js';
import { PhotoLimitReached, PhotoUrlRefused } from '../../../domain/claim.errors.js';
import { checkPhotoUrl } from '../../../domain/photo-url.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimPhotoRepository, type ClaimPhoto } from '../../ports/claim-photo.repository.port.js';
import { PhotoFetcher } from '../../ports/photo-fetcher.port.js';
import { AttachPhotoCommand } from './attach-photo.command.js';

/**
 * Attaches a photo by URL to the caller's own claim: the service fetches it once and keeps its
 * status, content type and size (never the body, never shown back beyond those). The URL is the
 * member's, so the fetch is an SSRF risk (OWASP API7:2023, defense `ssrf`): https only, a host
 * name on `PHOTO_URL_ALLOWED_HOSTS`, resolving to public addresses only, no redirects, a deadline
 * for the whole fetch and a size cap. A refusal is 422 `CLAIMS.PHOTO_URL_REFUSED`, audited. A claim
 * holds at most `PHOTO_MAX_PER_CLAIM` photos (409 `CLAIMS.PHOTO_LIMIT_REACHED`, nothing fetched).
 */
@CommandHandler(AttachPhotoCommand)
export class AttachPhotoHandler implements ICommandHandler<AttachPhotoCommand> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly photos: ClaimPhotoRepository,
    private readonly fetcher: PhotoFetcher,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(CLAIMS_CONFIG)
    private readonly config: Pick<
      ClaimsConfig,
      'defenses' | 'PHOTO_URL_ALLOWED_HOSTS' | 'PHOTO_MAX_PER_CLAIM'
    >,
  ) {}

  async execute({ caller, claimId, url, correlationId }: AttachPhotoCommand): Promise<ClaimPhoto> {
    const claim = await this.access.forFunction(caller, claimId, 'AttachPhoto', correlationId);
    // A full claim costs no fetch; the cap is checked again, atomically, when the photo is stored.
    const max = this.config.PHOTO_MAX_PER_CLAIM;
    if ((await this.photos.count(claim.id)) >= max) throw new PhotoLimitReached(max);
    const who = {
      defense: 'ssrf',
      sub: caller.sub,
      party: caller.party,
      correlationId,
      resource: `claim:${claim.id}`,
    };
    const guarded = this.config.defenses.isOn('ssrf');
    let target: URL;
    if (guarded) {
      const checked = checkPhotoUrl(url, this.config.PHOTO_URL_ALLOWED_HOSTS);
      if ('problem' in checked) throw this.refused(new PhotoUrlRefused(checked.problem), who);
      target = checked.url;
    } else {
      // TRAINING ONLY (defense `ssrf` off, refused in production): the service fetches whatever
      // URL the member gave it — http, loopback, internal ports — and reports what it found.
      const parsed = URL.parse(url);
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
        throw this.refused(new PhotoUrlRefused('not https'), who);
      }
      target = parsed;
      audit(this.log, {
        action: 'defense.off',
        ...who,
        reason: `photo URL fetched unchecked: ${parsed.protocol}//${parsed.host}${parsed.pathname}`,
      });
    }
    let fetched;
    try {
      fetched = await this.fetcher.fetch(target, { guarded });
    } catch (error) {
      if (error instanceof PhotoUrlRefused) throw this.refused(error, who);
      throw error;
    }
    const photo: ClaimPhoto = {
      id: randomUUID(),
      claimId: claim.id,
      url: target.href,
      ...fetched,
      addedBy: caller.sub,
      addedAt: new Date(),
    };
    if (!(await this.photos.addWithin(photo, max))) throw new PhotoLimitReached(max);
    this.log.info({ claimId: claim.id, photoId: photo.id, correlationId }, 'photo attached');
    return photo;
  }

  private refused(
    error: PhotoUrlRefused,
    who: { defense: string; sub: string; party: { kind: string; id: string } } & {
      correlationId: string;
      resource: string;
    },
  ): PhotoUrlRefused {
    audit(this.log, {
      action: 'authz.denied',
      ...who,
      reason: `photo URL refused: ${error.reason}`,
    });
    return error;
  }
}
