import type { AdapterPayload } from 'oidc-provider';

/** One stored oidc-provider artifact, as the `oidc_payloads` table holds it. */
export interface OidcPayloadRow {
  type: string;
  id: string;
  payload: unknown;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/**
 * Builds the row for `upsert(id, payload, expiresIn)`. The lookup columns (grant, user code, uid)
 * are copied out of the payload so `revokeByGrantId`/`findByUid`/`findByUserCode` use indexes.
 * The payload goes through JSON once: `undefined` members vanish exactly as they would on reload.
 */
export function toOidcRow(
  type: string,
  id: string,
  payload: AdapterPayload,
  expiresIn: number | undefined,
  now: Date,
): OidcPayloadRow {
  const json = JSON.parse(JSON.stringify(payload)) as AdapterPayload;
  return {
    type,
    id,
    payload: json,
    grantId: stringOrNull(json.grantId),
    userCode: stringOrNull(json.userCode),
    uid: stringOrNull(json.uid),
    expiresAt: expiresIn && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : null,
    consumedAt: null,
  };
}

/**
 * Turns a stored row back into what oidc-provider expects, or `undefined` when there is no row or
 * it has expired (an expired artifact is absent, even before the purge deletes it). A consumed
 * artifact carries `consumed` (epoch seconds), which is how refresh-token reuse is detected.
 */
export function fromOidcRow(
  row: OidcPayloadRow | null | undefined,
  now: Date,
): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return undefined;
  const payload = row.payload as AdapterPayload;
  if (row.consumedAt) {
    return { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) };
  }
  return payload;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
