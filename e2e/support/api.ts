import { httpCall, type HttpAnswer, type HttpCallOptions } from '@claimguard/testing';
import { env } from './env.js';

/** What a call returned, with the body parsed when it is JSON and the correlation id it carried. */
export interface ApiResponse<T = unknown> extends HttpAnswer<T> {
  correlationId: string | null;
}

/**
 * Calls the gateway (or, with `base`, a service directly — the position of an attacker inside the
 * network) and never throws on an HTTP error status.
 * @example const r = await call('GET', '/api/claims', { token });
 */
export async function call<T = any>(
  method: string,
  path: string,
  options: HttpCallOptions & { base?: string } = {},
): Promise<ApiResponse<T>> {
  const { base, ...rest } = options;
  const answer = await httpCall<T>(base ?? env.gateway, method, path, rest);
  return { ...answer, correlationId: answer.headers.get('x-correlation-id') };
}
