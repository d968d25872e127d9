import { CORRELATION_HEADER } from '@claimguard/contracts';

/**
 * Client request headers that may pass to a service. Everything else — cookies, the client's
 * Authorization, `x-forwarded-*`, `x-party*`, `x-user*`, `x-sub`, a client-chosen correlation id —
 * is dropped, so a client can never speak for the gateway.
 */
export const FORWARDED_CLIENT_HEADERS = ['content-type', 'accept'] as const;

/**
 * The complete header set sent upstream: the allow-listed client headers, the gateway's own
 * correlation id and the party token it minted for this one service.
 * @example upstreamHeaders(req.headers, { correlationId, partyToken })
 */
export function upstreamHeaders(
  client: Record<string, string | string[] | undefined>,
  gateway: { correlationId: string; partyToken: string; hasBody: boolean },
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_CLIENT_HEADERS) {
    if (name === 'content-type' && !gateway.hasBody) continue;
    const value = client[name];
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined && !/[\r\n\0]/.test(single)) headers[name] = single;
  }
  headers[CORRELATION_HEADER] = gateway.correlationId;
  headers.authorization = `Bearer ${gateway.partyToken}`;
  return headers;
}
