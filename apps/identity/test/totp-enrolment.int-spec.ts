import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACR_MFA, DEMO_PERSONAS, IntrospectionSchema } from '@claimguard/contracts';
import { createLogger, onAudit, type AuditEvent } from '@claimguard/observability';
import {
  appDir,
  freePort,
  migrateDatabase,
  nextTotpCode,
  oidcLogin,
  postForm,
  resetDatabase,
} from '@claimguard/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';
import { createDb, type IdentityDb } from '../src/database.js';
import { issueEnrolmentCode } from '../src/issue-enrolment-code.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';
import { UserRepository } from '../src/users/user.repository.js';

const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const GATEWAY_SECRET = randomBytes(32).toString('base64url');
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function persona(username: string) {
  const found = DEMO_PERSONAS.find((p) => p.username === username);
  if (!found) throw new Error(`no persona ${username}`);
  return found;
}

/** One sign-in held open: its interaction page, cookies, and what the last answer showed. */
interface OpenSignIn {
  page: URL;
  cookie: string;
}

/** Starts an authorization request asking for MFA (acr_values) and answers its interaction. */
async function openSignIn(issuer: string): Promise<OpenSignIn> {
  const auth = new URL('/auth', issuer);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'claimguard-cli',
    redirect_uri: CLI_REDIRECT,
    scope: 'openid',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    acr_values: ACR_MFA,
  }).toString();
  const first = await fetch(auth, { redirect: 'manual' });
  const cookie = first.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const location = first.headers.get('location');
  if (!location) throw new Error(`identity did not open a login (HTTP ${first.status})`);
  return { page: new URL(location, auth), cookie };
}

function post(signIn: OpenSignIn, action: string, form: Record<string, string>) {
  return postForm(new URL(`${signIn.page.pathname}/${action}`, signIn.page), form, {
    cookie: signIn.cookie,
  });
}

/** The secret an enrolment page offers (undefined when the page offers none). */
const offeredSecret = (html: string) => /data-secret="([A-Z2-7]+)"/.exec(html)?.[1];

describe('TOTP enrolment is atomic and, for accounts that must use MFA, needs an enrolment code', () => {
  let databaseUrl: string;
  let keysDir: string;
  let issuer: string;
  let server: IdentityServer;
  let db: pg.Client;
  let prisma: IdentityDb;
  let users: UserRepository;
  const audits: AuditEvent[] = [];
  const stopAudit = onAudit((event) => audits.push(event));

  beforeAll(async () => {
    // Empty every run: the outbox and enrolment codes of an earlier run would be counted here.
    databaseUrl = await resetDatabase('claimguard_it_totp_enrolment');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-totp-it-'));
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    server = await createIdentityServer(
      loadIdentityConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
        ISSUER: issuer,
        DATABASE_URL: databaseUrl,
        KEYS_DIR: keysDir,
        WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
        GATEWAY_CLIENT_SECRET: GATEWAY_SECRET,
        SEED_DEMO_USERS: 'true',
        LOCKOUT_MFA_LOCK_AFTER: '5',
        RATE_LIMIT_LOGIN_PER_IP: '10000',
        RATE_LIMIT_TOKEN_PER_IP: '10000',
      }),
      { log: createLogger('identity', 'silent') },
    );
    await server.listen();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    prisma = createDb(databaseUrl);
    users = new UserRepository(prisma);
  });

  afterAll(async () => {
    stopAudit();
    await prisma?.$disconnect();
    await db?.end();
    await server?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  const storedSecret = async (username: string) =>
    (
      await db.query<{ totp_secret: string | null }>(
        'SELECT totp_secret FROM users WHERE username = $1',
        [username],
      )
    ).rows[0]?.totp_secret;

  const removeAuthenticator = (username: string) =>
    db.query('UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE username = $1', [
      username,
    ]);

  const userId = async (username: string) =>
    (await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]
      ?.id ?? '';

  async function issue(username: string, minutes?: number, now?: Date) {
    const issued = await issueEnrolmentCode(users, username, minutes, now);
    if (!issued) throw new Error(`no user ${username}`);
    return issued.code;
  }

  async function introspect(token: string) {
    const response = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`claimguard-gateway:${GATEWAY_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token }),
    });
    return IntrospectionSchema.parse(await response.json());
  }

  it('refuses a second enrolment held open since before the owner enrolled: the owner keeps their authenticator', async () => {
    const { password } = persona('alice');
    // Two sign-ins reach the enrolment step before either confirms.
    const owner = await openSignIn(issuer);
    const other = await openSignIn(issuer);
    const ownerPage = await post(owner, 'login', { username: 'alice', password });
    const otherPage = await post(other, 'login', { username: 'alice', password });
    const ownerSecret = offeredSecret(ownerPage.body) ?? '';
    const otherSecret = offeredSecret(otherPage.body) ?? '';
    expect(ownerSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otherSecret).toMatch(/^[A-Z2-7]{32}$/);

    const confirmed = await post(owner, 'enroll', {
      code: await nextTotpCode(ownerSecret, issuer),
    });
    expect(confirmed.status).toBe(303);
    const sealed = await storedSecret('alice');
    expect(sealed).toBeTruthy();

    const late = await post(other, 'enroll', { code: await nextTotpCode(otherSecret, issuer) });
    expect(late.status).toBe(409);
    expect(late.body).toContain('already');
    expect(await storedSecret('alice')).toBe(sealed);

    // The owner's authenticator still signs in; the other one does not.
    const tokens = await oidcLogin({
      issuer,
      clientId: 'claimguard-cli',
      redirectUri: CLI_REDIRECT,
      username: 'alice',
      password,
      totpSecret: ownerSecret,
    });
    expect(await introspect(tokens.access_token)).toMatchObject({ amr: ['pwd', 'otp'] });
  });

  it('does not let an account that must use MFA enrol with its password alone', async () => {
    // carol (adjuster) must use MFA; as a new adjuster she has no authenticator yet.
    await db.query(
      "UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE username = 'carol'",
    );
    const signIn = await openSignIn(issuer);
    const page = await post(signIn, 'login', {
      username: 'carol',
      password: persona('carol').password,
    });
    expect(page.status).toBe(200);
    expect(offeredSecret(page.body)).toBeUndefined();
    expect(page.body).toContain('name="enrolment_code"');
    // Posting a TOTP confirmation straight away gets nowhere either.
    const skipped = await post(signIn, 'enroll', { code: '123456' });
    expect(skipped.status).toBe(400);
    expect(await storedSecret('carol')).toBeNull();
  });

  it('enrols carol with the enrolment code an administrator issued: one event, one audit line, no secret in either', async () => {
    await removeAuthenticator('carol');
    const code = await issue('carol');
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const stored = await db.query<{ code_hash: string }>(
      'SELECT code_hash FROM enrolment_codes e JOIN users u ON u.id = e.user_id WHERE u.username = $1',
      ['carol'],
    );
    expect(stored.rows[0]?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(code.replaceAll('-', ''));

    const signIn = await openSignIn(issuer);
    await post(signIn, 'login', { username: 'carol', password: persona('carol').password });
    const wrong = await post(signIn, 'enrolment-code', { enrolment_code: 'AAAA-BBBB-CCCC-DDDD' });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toContain('Invalid enrolment code');
    expect(offeredSecret(wrong.body)).toBeUndefined();

    const offered = await post(signIn, 'enrolment-code', { enrolment_code: code.toLowerCase() });
    const secret = offeredSecret(offered.body) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    audits.length = 0;
    const done = await post(signIn, 'enroll', { code: await nextTotpCode(secret, issuer) });
    expect(done.status).toBe(303);

    const sub = await userId('carol');
    const events = await db.query<{ event_type: string; payload: { data: unknown } }>(
      "SELECT event_type, payload FROM outbox_messages WHERE event_type = 'AuthenticatorEnrolled' AND payload->>'subject' = $1",
      [sub],
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]?.payload.data).toEqual({ sub, method: 'totp', enrolmentCodeUsed: true });
    const enrolled = audits.filter((a) => a.action === 'mfa.enrolled');
    expect(enrolled).toMatchObject([{ sub }]);
    const everything = JSON.stringify([events.rows, audits]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(code);
    // Used up: the code is gone with the enrolment.
    const left = await db.query('SELECT 1 FROM enrolment_codes WHERE user_id = $1', [sub]);
    expect(left.rowCount).toBe(0);
  });

  it('refuses a used or an expired enrolment code', async () => {
    // An administrator resets carol's authenticator; the code she already used stays spent.
    await removeAuthenticator('carol');
    const spent = await issue('carol');
    await db.query('DELETE FROM enrolment_codes WHERE user_id = $1', [await userId('carol')]);
    const expired = await issue('olga', 5, new Date(Date.now() - 10 * 60_000));
    await removeAuthenticator('olga');
    for (const [username, code] of [
      ['carol', spent],
      ['olga', expired],
    ] as const) {
      const signIn = await openSignIn(issuer);
      await post(signIn, 'login', { username, password: persona(username).password });
      const refused = await post(signIn, 'enrolment-code', { enrolment_code: code });
      expect(refused.body).toContain('Invalid enrolment code');
      expect(offeredSecret(refused.body)).toBeUndefined();
    }
  });

  it('counts wrong enrolment codes with the MFA counter: past its lock even the right code is refused', async () => {
    await removeAuthenticator('olga');
    const code = await issue('olga');
    const signIn = await openSignIn(issuer);
    await post(signIn, 'login', { username: 'olga', password: persona('olga').password });
    for (let i = 0; i < 5; i++) {
      await post(signIn, 'enrolment-code', { enrolment_code: `WRNG-${i}AAA-BBBB-CCCC` });
    }
    const locked = await post(signIn, 'enrolment-code', { enrolment_code: code });
    expect(locked.body).toContain('Invalid enrolment code');
    expect(offeredSecret(locked.body)).toBeUndefined();
    await db.query("DELETE FROM login_throttles WHERE key LIKE 'mfa:%'");
  });

  it('lets only one of two enrolments that both showed the code store a secret', async () => {
    await removeAuthenticator('olga');
    await db.query("DELETE FROM login_throttles WHERE key LIKE 'mfa:%'");
    const code = await issue('olga');
    const first = await openSignIn(issuer);
    const second = await openSignIn(issuer);
    const secrets: string[] = [];
    for (const signIn of [first, second]) {
      await post(signIn, 'login', { username: 'olga', password: persona('olga').password });
      const offered = await post(signIn, 'enrolment-code', { enrolment_code: code });
      secrets.push(offeredSecret(offered.body) ?? '');
    }
    const [a = '', b = ''] = secrets;
    const codes = [await nextTotpCode(a, issuer), await nextTotpCode(b, issuer)];
    const answers = await Promise.all([
      post(first, 'enroll', { code: codes[0] ?? '' }),
      post(second, 'enroll', { code: codes[1] ?? '' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const sub = await userId('olga');
    const events = await db.query(
      "SELECT 1 FROM outbox_messages WHERE event_type = 'AuthenticatorEnrolled' AND payload->>'subject' = $1",
      [sub],
    );
    expect(events.rowCount).toBe(1);
  });
});
