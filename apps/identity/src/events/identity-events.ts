import { AsyncLocalStorage } from 'node:async_hooks';
import {
  IDENTITY_EVENT_TYPES,
  type AuthenticatorEnrolledV1,
  TOPICS,
  type GrantRevokedV1,
  type UserDisabledV1,
} from '@claimguard/contracts';
import { appendToOutbox, createEnvelope, type SqlExecutor } from '@claimguard/messaging';
import { providerPath } from '../http/provider-path.js';

/** Why a grant ended, as `GrantRevoked` says it. */
export type GrantRevokedReason = GrantRevokedV1['reason'];

/**
 * The HTTP request an oidc-provider operation runs in: storage learns why a grant ends, and audit
 * lines carry the correlation id the response names (`x-correlation-id`).
 */
export const requestContext = new AsyncLocalStorage<{
  path: string;
  correlationId?: string;
  /** Set once the lax redirect_uri match was audited for this request (one line per request). */
  laxRedirectAudited?: boolean;
}>();

/**
 * Maps the endpoint that revoked a grant to the event's reason: the token endpoint only revokes a
 * grant when a rotated refresh token (or a used code) comes back; revocation and end-session are
 * the client's and the user's logout.
 * @example revocationReason('/token/revocation') // 'logout'
 */
export function revocationReason(path: string | undefined): GrantRevokedReason {
  // As the provider routed it: `/TOKEN/` is its token endpoint too.
  const routed = path === undefined ? undefined : providerPath(path);
  if (routed === '/token') return 'refresh_token_reuse';
  if (routed === '/token/revocation' || routed?.startsWith('/session/end')) return 'logout';
  return 'revoked';
}

/**
 * Appends `GrantRevoked` to identity's outbox in the caller's transaction (the same one that
 * deletes the grant), so the gateway hears of every revocation that really happened.
 */
export async function appendGrantRevoked(
  tx: SqlExecutor,
  grant: { grantId: string; sub: string; clientId?: string | undefined },
  reason: GrantRevokedReason,
): Promise<void> {
  const data: GrantRevokedV1 = {
    sub: grant.sub,
    reason,
    ...(grant.clientId ? { clientId: grant.clientId } : {}),
  };
  await appendToOutbox(
    tx,
    TOPICS.identity,
    createEnvelope({
      type: IDENTITY_EVENT_TYPES.GrantRevoked,
      version: 1,
      source: 'identity',
      subject: grant.sub,
      data,
    }),
  );
}

/** Appends `UserDisabled` in the caller's transaction (the one that disables the user). */
export async function appendUserDisabled(tx: SqlExecutor, sub: string): Promise<void> {
  const data: UserDisabledV1 = { sub };
  await appendToOutbox(
    tx,
    TOPICS.identity,
    createEnvelope({
      type: IDENTITY_EVENT_TYPES.UserDisabled,
      version: 1,
      source: 'identity',
      subject: sub,
      data,
    }),
  );
}

/**
 * Appends `AuthenticatorEnrolled` in the caller's transaction (the one that stores the new secret),
 * so the account holder hears of every authenticator that really was added. Never the secret.
 */
export async function appendAuthenticatorEnrolled(
  tx: SqlExecutor,
  sub: string,
  enrolmentCodeUsed: boolean,
): Promise<void> {
  const data: AuthenticatorEnrolledV1 = { sub, method: 'totp', enrolmentCodeUsed };
  await appendToOutbox(
    tx,
    TOPICS.identity,
    createEnvelope({
      type: IDENTITY_EVENT_TYPES.AuthenticatorEnrolled,
      version: 1,
      source: 'identity',
      subject: sub,
      data,
    }),
  );
}
