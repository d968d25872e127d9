import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { CORRELATION_HEADER, ErrorBodySchema } from '@claimguard/contracts';
import type { WorkloadTlsFiles } from './pki.js';

/** What an HTTP call returned, the body parsed when it is JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are JSON under test
export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpCallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** JSON-encoded unless already a string (to send malformed JSON on purpose). */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Call an https service presenting this workload's certificate (e.g. a stolen one, from inside
   * the network), or `{ caFile }` alone to call without a client certificate.
   */
  tls?: Partial<WorkloadTlsFiles> & { caFile: string };
  /**
   * The 127.0.0.0/8 address to call from (default: the OS's choice), so a refusal that names only
   * the client's address — a failed TLS handshake — can be traced to this one call.
   */
  source?: string;
}

/**
 * Calls `baseUrl + path` and never throws on an HTTP error status: tests assert on the answer.
 * @example const r = await httpCall(app.url, 'GET', '/claims', { token });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see HttpAnswer
export async function httpCall<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: HttpCallOptions = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const init = {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  };
  const response =
    options.tls || options.source
      ? await fetchWithCertificate(baseUrl + path, init, options.tls, options.source)
      : await fetch(baseUrl + path, init);
  const text = await response.text();
  let body: unknown = text || undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/**
 * One request over its own connection with `tls`'s client certificate (if any) and CA, from
 * `source` when given.
 */
async function fetchWithCertificate(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  tls: HttpCallOptions['tls'],
  source?: string,
): Promise<Response> {
  const agent = new Agent({
    ...(source ? { localAddress: source } : {}),
    connect: {
      ...(source ? { family: 4 } : {}),
      ...(tls ? { ca: readFileSync(tls.caFile) } : {}),
      ...(tls?.certFile && tls.keyFile
        ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }
        : {}),
    },
  });
  try {
    const response = await undiciFetch(url, { ...init, dispatcher: agent });
    const body = await response.arrayBuffer();
    return new Response(body.byteLength > 0 ? body : null, {
      status: response.status,
      headers: new Headers([...response.headers]),
    });
  } finally {
    await agent.close();
  }
}

/**
 * What is wrong with an error answer against the platform's error contract: the expected status and
 * code, `{code, message, correlationId}` with the correlation id echoed in its header, and nothing
 * internal (stack, SQL engine, hostnames). Empty when it is right; framework-free, so vitest and
 * Playwright tests both use it as `expect(errorBodyIssues(answer, 404, 'X')).toEqual([])`.
 */
export function errorBodyIssues(answer: HttpAnswer, status: number, code: string): string[] {
  const issues: string[] = [];
  const body = answer.body as { code?: unknown } | undefined;
  if (answer.status !== status) issues.push(`status ${answer.status}, expected ${status}`);
  if (body?.code !== code) issues.push(`code ${String(body?.code)}, expected ${code}`);
  const parsed = ErrorBodySchema.safeParse(answer.body);
  if (!parsed.success) issues.push('body is not {code, message, correlationId}');
  else if (parsed.data.correlationId !== answer.headers.get(CORRELATION_HEADER)) {
    issues.push('correlationId differs from the x-correlation-id header');
  }
  if (/stack|prisma|postgres|127\.0\.0\.1/i.test(JSON.stringify(answer.body))) {
    issues.push('body leaks internals (stack, database or host)');
  }
  return issues;
}
