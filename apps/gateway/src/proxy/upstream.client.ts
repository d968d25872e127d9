import { fetch, type Dispatcher, type RequestInit } from 'undici';
import { serverIdentityMismatchIn } from '@claimguard/auth';
import { GatewayError, type AuditNote } from '../errors/gateway.error.js';

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Whose request it is, for the audit note of a refused server identity. */
  who?: Pick<AuditNote, 'sub' | 'party'>;
}

/** What the gateway keeps of a service's answer: status, content type and body — nothing else. */
export interface UpstreamResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

export const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * Sends one request to a service. Refused connections, DNS failures and timeouts are 503
 * `GATEWAY.UPSTREAM_UNAVAILABLE` — so is a failed TLS handshake (defense `mtls`: a service whose
 * certificate our CA did not sign, one that refuses ours, or a server whose SPIFFE id is not the
 * service's: then nothing was sent, and the refusal carries its audit note). Redirects are not followed (the gateway never lets a service
 * steer it to another host); all response headers but `content-type` are left behind.
 */
export async function callUpstream(
  request: UpstreamRequest,
  timeoutMs = UPSTREAM_TIMEOUT_MS,
  dispatcher?: Dispatcher,
): Promise<UpstreamResponse> {
  try {
    const init: RequestInit = {
      ...(dispatcher ? { dispatcher } : {}),
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetch(request.url, init);
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body,
    };
  } catch (error) {
    throw upstreamUnavailable(error, request.who);
  }
}

/**
 * The 503 for a failed call to a service (a request or a manifest fetch). When the server's
 * certificate named another workload (defense `mtls`), the error carries the audit note naming the
 * expected and the presented SPIFFE id, written with the request's correlation id.
 */
export function upstreamUnavailable(
  error: unknown,
  who?: Pick<AuditNote, 'sub' | 'party'>,
): GatewayError {
  const mismatch = serverIdentityMismatchIn(error);
  const note: AuditNote | undefined = mismatch
    ? {
        defense: 'mtls',
        action: 'authn.failure',
        reason: `upstream server identity refused: expected ${mismatch.expected}, presented ${mismatch.presented}`,
        ...who,
      }
    : undefined;
  return new GatewayError(
    'GATEWAY.UPSTREAM_UNAVAILABLE',
    'The service is unavailable',
    note ? { audit: note, defense: 'mtls' } : {},
    error,
  );
}
