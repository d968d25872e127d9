import { request } from 'node:http';

/** The CLI client every hand-made authorization request here uses (public, PKCE). */
const CLI = { clientId: 'claimguard-cli', redirectUri: 'http://127.0.0.1:8765/callback' };
/** A fixed S256 challenge: these requests never redeem their code. */
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** A login form of one fresh interaction at identity: where to post, with the browser's cookies. */
export interface LoginForm {
  /** The interaction page (`/interaction/<uid>`). */
  page: URL;
  /** Where its password form posts (`/interaction/<uid>/login`). */
  action: URL;
  cookie: string;
}

/**
 * Starts an authorization request by hand (code + PKCE S256, the CLI client unless told otherwise)
 * and returns its login form, for tests that post credentials themselves (lockout, rate limits).
 * `localhost` becomes 127.0.0.1, so posts can leave from a chosen 127.x source address.
 * @example const form = await openLoginForm(identity.url); await postForm(form.action, creds, { cookie: form.cookie, source: '127.0.0.7' });
 */
export async function openLoginForm(
  issuer: string,
  client: { clientId: string; redirectUri: string } = CLI,
): Promise<LoginForm> {
  const auth = new URL('/auth', issuer);
  if (auth.hostname === 'localhost') auth.hostname = '127.0.0.1';
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'openid',
    code_challenge: CHALLENGE,
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
  return { page, action: new URL(`${page.pathname}/login`, page), cookie };
}

/** What a posted form got back. */
export interface FormAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Posts an urlencoded form from `source` (a 127.0.0.0/8 address, node:http `localAddress`: each
 * test or attack gets its own, so a source it locks or limits never blocks the others).
 */
export function postForm(
  url: URL | string,
  form: Record<string, string>,
  options: { source?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<FormAnswer> {
  const target = new URL(url);
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress: options.source ?? '127.0.0.1',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
