import { join } from 'node:path';
import { httpCall, type HttpAnswer, type HttpCallOptions } from '@claimguard/testing';
import { env } from './env.js';

/** What a call returned, with the body parsed when it is JSON and the correlation id it carried. */
export interface ApiResponse<T = unknown> extends HttpAnswer<T> {
  correlationId: string | null;
}

/**
 * Where an attacker inside the network stands when calling a service directly: holding the stolen
 * certificate of a workload (`gateway`, `towing`, … — a compromised host), or `'none'` (no client
 * certificate: a foothold on the network only). Services on mTLS need one of these said.
 */
export type NetworkPosition = string;

/**
 * Calls the gateway (or, with `base`, a service directly — the position of an attacker inside the
 * network, who must say with `as` which certificate, if any, they present) and never throws on an
 * HTTP error status.
 * @example const r = await call('GET', '/api/claims', { token });
 * @example await call('GET', '/claims', { base: env.claims, as: 'gateway', token })
 */
export async function call<T = any>(
  method: string,
  path: string,
  options: HttpCallOptions & { base?: string; as?: NetworkPosition } = {},
): Promise<ApiResponse<T>> {
  const { base, as, ...rest } = options;
  if (base?.startsWith('https:')) {
    if (!as) throw new Error(`calling ${base} directly: say the attacker's position with \`as\``);
    rest.tls ??= workloadTls(as);
  }
  const answer = await httpCall<T>(base ?? env.gateway, method, path, rest);
  return { ...answer, correlationId: answer.headers.get('x-correlation-id') };
}

/** The stack's dev PKI files for `as` (`'none'`: the CA only, no client certificate). */
export function workloadTls(as: NetworkPosition): NonNullable<HttpCallOptions['tls']> {
  const dir = join(env.keysDir, 'pki');
  const caFile = join(dir, 'ca.crt');
  if (as === 'none') return { caFile };
  return { caFile, certFile: join(dir, `${as}.crt`), keyFile: join(dir, `${as}.key`) };
}
