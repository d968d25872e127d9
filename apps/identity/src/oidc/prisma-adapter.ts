import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { IdentityDb } from '../database.js';
import { appendGrantRevoked, requestContext, revocationReason } from '../events/identity-events.js';
import type { Prisma } from '../generated/prisma/client.js';
import { fromOidcRow, toOidcRow } from './oidc-payload.mapping.js';
import { authorizationCodeForRedemption, type OauthTrainingDeps } from './oauth-training-paths.js';

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

  async consume(id: string): Promise<void> {
    await this.db.oidcPayload.updateMany({
      where: { type: this.name, id },
      data: { consumedAt: new Date() },
    });
  }

  async destroy(id: string): Promise<void> {
    if (this.name !== 'Grant') {
      await this.db.oidcPayload.deleteMany({ where: { type: this.name, id } });
      return;
    }
    // A grant ends only when it is revoked (logout, refresh-token reuse, revocation): delete it
    // and publish `GrantRevoked` in one transaction (outbox), so the edge drops its cache.
    const reason = revocationReason(requestContext.getStore()?.path);
    await this.db.$transaction(async (tx) => {
      const rows = await tx.oidcPayload.findMany({ where: { type: 'Grant', id } });
      await tx.oidcPayload.deleteMany({ where: { type: 'Grant', id } });
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
