import { CORRELATION_HEADER, ErrorBodySchema } from '@claimguard/contracts';

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
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
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
