import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { IdentityDb } from '../database.js';
import { appendGrantRevoked, requestContext, revocationReason } from '../events/identity-events.js';
import type { Prisma } from '../generated/prisma/client.js';
import { fromOidcRow, toOidcRow } from './oidc-payload.mapping.js';
import { authorizationCodeForRedemption, type OauthTrainingDeps } from './oauth-training-paths.js';

/** oidc-provider's own words for a grant source used twice (the audit of `code-single-use` reads them). */
const ALREADY_USED: Record<string, string> = {
  AuthorizationCode: 'authorization code already consumed',
  RefreshToken: 'refresh token already used',
};

/**
 * oidc-provider storage in PostgreSQL. One instance per provider model (`name` = Session,
 * AccessToken, Grant, …); rows are keyed by (type, id). Expired rows read as absent and are
 * deleted by {@link purgeExpiredOidcPayloads}.
 */
export class PrismaOidcAdapter implements Adapter {
  constructor(
    private readonly name: string,
    private readonly db: IdentityDb,
    /** Without it (tests of storage alone) the secure behaviour only. */
    private readonly training?: OauthTrainingDeps,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row = toOidcRow(this.name, id, payload, expiresIn, new Date());
    const data = { ...row, payload: row.payload as Prisma.InputJsonValue };
    await this.db.oidcPayload.upsert({
      where: { type_id: { type: this.name, id } },
      create: data,
      update: data,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    // Clients are static configuration only; no dynamic registration, so no lookup.
    if (this.name === 'Client') return undefined;
    const row = await this.db.oidcPayload.findUnique({
      where: { type_id: { type: this.name, id } },
    });
    const payload = fromOidcRow(row, new Date());
    // A code is read only to be redeemed; `code-single-use` decides whether its use still counts.
    if (payload && this.name === 'AuthorizationCode' && this.training) {
      return authorizationCodeForRedemption(payload, this.training);
    }
    return payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await this.db.oidcPayload.findFirst({ where: { type: this.name, uid } });
    return fromOidcRow(row, new Date());
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = await this.db.oidcPayload.findFirst({ where: { type: this.name, userCode } });
    return fromOidcRow(row, new Date());
  }

  /**
   * Marks a code or refresh token used — atomically: only a row not yet consumed is updated, so of
   * two redemptions that both read it unconsumed exactly one goes on. oidc-provider checks
   * `consumed` on the payload it read and then calls this; without the condition both racers
   * would be issued tokens. The loser is treated as oidc-provider treats a replay: the grant is
   * revoked (with what the winner got) and the request refused with `invalid_grant`.
   */
  async consume(id: string): Promise<void> {
    const { count } = await this.db.oidcPayload.updateMany({
      where: { type: this.name, id, consumedAt: null },
      data: { consumedAt: new Date() },
    });
    if (count === 1) return;
    // `code-single-use` off (training): a used code is redeemed again, so using it is no race.
    if (
      this.name === 'AuthorizationCode' &&
      this.training &&
      !this.training.defenses.isOn('code-single-use')
    ) {
      return;
    }
    const row = await this.db.oidcPayload.findUnique({
      where: { type_id: { type: this.name, id } },
    });
    if (row?.grantId) await this.revokeGrant(row.grantId);
    throw new errors.InvalidGrant(ALREADY_USED[this.name] ?? 'grant source already used');
  }

  async destroy(id: string): Promise<void> {
    if (this.name !== 'Grant') {
      await this.db.oidcPayload.deleteMany({ where: { type: this.name, id } });
      return;
    }
    // A grant ends only when it is revoked (logout, refresh-token reuse, revocation): delete it
    // and publish `GrantRevoked` in one transaction (outbox), so the edge drops its cache.
    await this.endGrant(id, false);
  }

  /** Revokes a grant and everything issued under it (codes, access and refresh tokens). */
  private revokeGrant(grantId: string): Promise<void> {
    return this.endGrant(grantId, true);
  }

  private async endGrant(id: string, withArtifacts: boolean): Promise<void> {
    const reason = revocationReason(requestContext.getStore()?.path);
    await this.db.$transaction(async (tx) => {
      const rows = await tx.oidcPayload.findMany({ where: { type: 'Grant', id } });
      await tx.oidcPayload.deleteMany({ where: { type: 'Grant', id } });
      if (withArtifacts) await tx.oidcPayload.deleteMany({ where: { grantId: id } });
      const grant = rows[0]?.payload as { accountId?: unknown; clientId?: unknown } | undefined;
      if (typeof grant?.accountId === 'string') {
        await appendGrantRevoked(
          tx,
          {
            grantId: id,
            sub: grant.accountId,
            clientId: typeof grant.clientId === 'string' ? grant.clientId : undefined,
          },
          reason,
        );
      }
    });
  }

  /**
   * Removes this model's artifacts of the grant. oidc-provider calls it once per token model
   * (access and refresh tokens, codes) and destroys the Grant itself by id.
   */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.oidcPayload.deleteMany({ where: { type: this.name, grantId } });
  }
}

/** Deletes expired artifacts; returns how many. Called periodically by the server. */
export async function purgeExpiredOidcPayloads(db: IdentityDb, now = new Date()): Promise<number> {
  const { count } = await db.oidcPayload.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
