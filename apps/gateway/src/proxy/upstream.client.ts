import { fetch, type Dispatcher, type RequestInit } from 'undici';
import { GatewayError } from '../errors/gateway.error.js';

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
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
 * certificate our CA did not sign, or one that refuses ours). Redirects are not followed (the gateway never lets a service
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
    throw new GatewayError('GATEWAY.UPSTREAM_UNAVAILABLE', 'The service is unavailable', {}, error);
  }
}
