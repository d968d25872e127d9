import { request } from 'node:http';
import { env } from './env.js';
import { CLI_CLIENT } from './personas.js';

/** A login form of one fresh interaction at identity: where to post, with the browser's cookies. */
export interface LoginTarget {
  action: URL;
  cookie: string;
}

/** identity's URL on IPv4 loopback, so a request can leave from a chosen 127.x source address. */
function identityUrl(path: string): URL {
  const url = new URL(path, env.identity);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url;
}

/** Starts an authorization request (code + PKCE S256) and returns its login form's target. */
export async function openLoginForm(): Promise<LoginTarget> {
  const auth = identityUrl('/auth');
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLI_CLIENT.clientId,
    redirect_uri: CLI_CLIENT.redirectUri,
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const first = await fetch(auth, { redirect: 'manual' });
  const cookie = first.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const location = first.headers.get('location');
  if (!location) throw new Error(`identity did not open a login (HTTP ${first.status})`);
  const page = new URL(location, auth);
  return { action: new URL(`${page.pathname}/login`, page), cookie };
}

/** What identity answered to one posted login: 303 = signed in, 200 = the form again. */
export interface LoginAnswer {
  status: number;
  body: string;
}

/**
 * Posts username and password to a login form from `source` (a 127.0.0.0/8 address: every attack
 * gets its own, so a source it locks never blocks the rest of the suite), optionally with extra
 * headers such as a spoofed `X-Forwarded-For`.
 */
export function postLogin(
  target: LoginTarget,
  credentials: { username: string; password: string },
  options: { source: string; headers?: Record<string, string> },
): Promise<LoginAnswer> {
  const body = new URLSearchParams(credentials).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.action.hostname,
        port: target.action.port,
        path: target.action.pathname,
        method: 'POST',
        localAddress: options.source,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          cookie: target.cookie,
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The page without what may differ between two attempts (interaction id, the echoed username). */
export function comparable(answer: LoginAnswer, username: string): string {
  return answer.body
    .replace(/\/interaction\/[A-Za-z0-9_-]+/g, '/interaction/UID')
    .replaceAll(`value="${username}"`, 'value="USERNAME"');
}

/** An answer of a refused login: the form again, with the one generic message. */
export function refused(answer: LoginAnswer): boolean {
  return answer.status === 200 && answer.body.includes('Invalid username or password.');
}
