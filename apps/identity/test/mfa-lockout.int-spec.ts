import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACR_MFA, ACR_PASSWORD, DEMO_PERSONAS, IntrospectionSchema } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import {
  appDir,
  authorize,
  ensureDatabase,
  freePort,
  migrateDatabase,
  oidcLogin,
  openLoginForm,
  postForm,
  totpNow,
  type OidcLoginOptions,
} from '@claimguard/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';

const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const GATEWAY_SECRET = randomBytes(32).toString('base64url');
const GENERIC = 'Invalid username or password.';

function persona(username: string) {
  const found = DEMO_PERSONAS.find((p) => p.username === username);
  if (!found) throw new Error(`no persona ${username}`);
  return found;
}

async function boot(
  databaseUrl: string,
  keysDir: string,
  extra: Record<string, string> = {},
): Promise<{ server: IdentityServer; issuer: string }> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const config = loadIdentityConfig({
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
    LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER: '4',
    LOCKOUT_SOURCE_LOCK_AFTER: '8',
    LOCKOUT_DELAY_AFTER: '2',
    LOCKOUT_DELAY_BASE_MS: '20',
    LOCKOUT_DELAY_MAX_MS: '40',
    LOCKOUT_MFA_LOCK_AFTER: '3',
    // Many sign-ins from 127.0.0.1 in a minute: identity's own rate limits must not decide here.
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    RATE_LIMIT_TOKEN_PER_IP: '10000',
    ...extra,
  });
  const server = await createIdentityServer(config, { log: createLogger('identity', 'silent') });
  await server.listen();
  return { server, issuer };
}

function cli(issuer: string, username: string, extra: Partial<OidcLoginOptions> = {}) {
  return {
    issuer,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT,
    username,
    password: persona(username).password,
    scope: 'openid claims:read',
    ...extra,
  };
}

async function introspect(issuer: string, token: string) {
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

/** Opens a login page (fresh interaction) and returns what posting to it needs. */
async function openInteraction(issuer: string): Promise<{ action: string; cookie: string }> {
  const form = await openLoginForm(issuer);
  return { action: form.action.href, cookie: form.cookie };
}

/** Posts a login form from a chosen loopback source address (127.0.0.1 unless told). */
function postLogin(
  target: { action: string; cookie: string },
  form: Record<string, string>,
  options: { from?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const { from, ...rest } = options;
  return postForm(target.action, form, {
    cookie: target.cookie,
    ...(from ? { source: from } : {}),
    ...rest,
  });
}

/** The login page without what legitimately differs between two attempts (uid, echoed name). */
function normalized(html: string, username: string): string {
  return html
    .replace(/\/interaction\/[A-Za-z0-9_-]+/g, '/interaction/UID')
    .replace(`value="${username}"`, 'value="USER"');
}

describe('identity MFA (TOTP), acr/amr and lockout', () => {
  let databaseUrl: string;
  let keysDir: string;
  let issuer: string;
  let server: IdentityServer;

  beforeAll(async () => {
    databaseUrl = await ensureDatabase('claimguard_it_identity_mfa');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-mfa-it-'));
    ({ server, issuer } = await boot(databaseUrl, keysDir));
  });

  afterAll(async () => {
    await server?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('asks carol (MFA required) for a TOTP code after her password and issues nothing without it', async () => {
    const outcome = await authorize(cli(issuer, 'carol'));
    expect(outcome).toMatchObject({ kind: 'mfa-required', enroll: false });
  });

  it('logs carol in with her TOTP code: tokens and introspection say acr mfa, amr pwd+otp, auth_time', async () => {
    const before = Math.floor(Date.now() / 1000) - 1;
    const tokens = await oidcLogin(
      cli(issuer, 'carol', { totpSecret: persona('carol').totpSecret ?? '' }),
    );
    const active = await introspect(issuer, tokens.access_token);
    expect(active).toMatchObject({ active: true, acr: ACR_MFA, amr: ['pwd', 'otp'] });
    expect(active.active && active.auth_time).toBeGreaterThanOrEqual(before);
    const idToken = decodeJwt(tokens.id_token ?? '');
    expect(idToken).toMatchObject({ acr: ACR_MFA, amr: ['pwd', 'otp'] });
  });

  it('gives a password-only login acr pwd and amr pwd', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice'));
    const active = await introspect(issuer, tokens.access_token);
    expect(active).toMatchObject({ active: true, acr: ACR_PASSWORD, amr: ['pwd'] });
    expect(active.active && active.auth_time).toBeTypeOf('number');
  });

  it('refuses a wrong TOTP code and a code that was already used (no replay)', async () => {
    const secret = persona('olga').totpSecret ?? '';
    await oidcLogin(cli(issuer, 'olga', { totpSecret: secret, scope: 'openid' }));
    // Replay: post the very code the last login used, into a fresh login.
    const step = Math.floor(Date.now() / 30_000);
    const used = [step, step + 1].map((s) => totpNow(secret, s * 30_000));
    const target = await openInteraction(issuer);
    const password = await postLogin(target, {
      username: 'olga',
      password: persona('olga').password,
    });
    expect(password.body).toContain('name="code"');
    const otpAction = { ...target, action: target.action.replace(/\/login$/, '/otp') };
    const replayed = await postLogin(otpAction, { code: used[0] ?? '' });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toContain('Invalid code');
    const wrong = await postLogin(otpAction, { code: '000000' === used[1] ? '111111' : '000000' });
    expect(wrong.body).toContain('Invalid code');
  });

  it('lets a member enroll TOTP when the client asks for MFA, then requires the code', async () => {
    let enrolled = '';
    const tokens = await oidcLogin(
      cli(issuer, 'bob', {
        extraParams: { acr_values: ACR_MFA },
        onEnroll: (secret) => (enrolled = secret),
      }),
    );
    expect(enrolled).toMatch(/^[A-Z2-7]{32}$/);
    expect(await introspect(issuer, tokens.access_token)).toMatchObject({ acr: ACR_MFA });
    // Enrolled now: even a plain login asks for the code.
    expect(await authorize(cli(issuer, 'bob'))).toMatchObject({ kind: 'mfa-required' });
    const again = await oidcLogin(cli(issuer, 'bob', { totpSecret: enrolled }));
    expect(await introspect(issuer, again.access_token)).toMatchObject({ amr: ['pwd', 'otp'] });
  });

  it('answers unknown, wrong-password and locked logins with the same page and status', async () => {
    const from = '127.0.0.21';
    const unknown = await postLogin(
      await openInteraction(issuer),
      { username: 'nobody-here', password: 'x-ClaimGuard-2026!' },
      { from },
    );
    const wrong = await postLogin(
      await openInteraction(issuer),
      { username: 'dave', password: 'x-ClaimGuard-2026!' },
      { from },
    );
    expect(unknown.status).toBe(200);
    expect(wrong.status).toBe(200);
    expect(normalized(unknown.body, 'nobody-here')).toBe(normalized(wrong.body, 'dave'));
    expect(wrong.body).toContain(GENERIC);
  });

  it('locks an account for a source after the threshold, whatever the username case, and not for other sources', async () => {
    const from = '127.0.0.22';
    const target = await openInteraction(issuer);
    for (let i = 0; i < 4; i++) {
      await postLogin(target, { username: 'erin', password: `wrong-${i}` }, { from });
    }
    const right = { username: 'ERIN', password: persona('erin').password };
    const locked = await postLogin(await openInteraction(issuer), right, { from });
    expect(locked.status).toBe(200);
    expect(locked.body).toContain(GENERIC);
    // Another source (the victim) still signs in: the lock is per account and source.
    const victim = await postLogin(await openInteraction(issuer), right, { from: '127.0.0.1' });
    expect(victim.status).toBe(303);
  });

  it('does not believe a spoofed X-Forwarded-For: rotating it does not escape the lock', async () => {
    const from = '127.0.0.23';
    const target = await openInteraction(issuer);
    for (let i = 0; i < 4; i++) {
      await postLogin(
        target,
        { username: 'frank', password: `wrong-${i}` },
        { from, headers: { 'x-forwarded-for': `198.51.100.${i}` } },
      );
    }
    const right = { username: 'frank', password: persona('frank').password };
    const attempt = await postLogin(await openInteraction(issuer), right, {
      from,
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect(attempt.body).toContain(GENERIC);
  });

  it('counts parallel attempts: a burst past the threshold cannot slip through', async () => {
    // Eight wrong guesses at once for one account from one source. Counting must be atomic: were
    // increments lost under concurrency, the pair would stay under its threshold (4) and the right
    // password would then be let in. (A right password inside the burst would legitimately reset
    // the pair when it happens to be counted early, so the burst holds wrong guesses only.)
    const from = '127.0.0.24';
    const targets = await Promise.all(Array.from({ length: 8 }, () => openInteraction(issuer)));
    const answers = await Promise.all(
      targets.map((t, i) => postLogin(t, { username: 'grace', password: `wrong-${i}` }, { from })),
    );
    expect(answers.filter((a) => a.status === 303)).toHaveLength(0);
    const right = { username: 'grace', password: persona('grace').password };
    const after = await postLogin(await openInteraction(issuer), right, { from });
    expect(after.status).toBe(200);
    expect(after.body).toContain(GENERIC);
  });

  it('locks the source after too many failures across accounts (credential stuffing)', async () => {
    const from = '127.0.0.25';
    const target = await openInteraction(issuer);
    for (let i = 0; i < 8; i++) {
      await postLogin(target, { username: `user-${i}`, password: 'Summer2026!' }, { from });
    }
    const right = { username: 'heidi', password: persona('heidi').password };
    expect((await postLogin(await openInteraction(issuer), right, { from })).body).toContain(
      GENERIC,
    );
  });

  it('counts a whole IPv6 /64 as one source: hopping addresses inside it does not escape the lock', async () => {
    // Behind a trusted proxy, so the client addresses are IPv6 ones from X-Forwarded-For.
    const proxy = '127.0.0.28';
    const behind = await boot(databaseUrl, keysDir, { TRUSTED_PROXIES: proxy });
    try {
      const target = await openInteraction(behind.issuer);
      for (let i = 1; i <= 8; i++) {
        await postLogin(
          target,
          { username: `user-v6-${i}`, password: 'Summer2026!' },
          { from: proxy, headers: { 'x-forwarded-for': `2001:db8:7:7::${i.toString(16)}` } },
        );
      }
      const right = { username: 'heidi', password: persona('heidi').password };
      const sameNetwork = await postLogin(await openInteraction(behind.issuer), right, {
        from: proxy,
        headers: { 'x-forwarded-for': '2001:db8:7:7:ffff::99' },
      });
      expect(sameNetwork.body).toContain(GENERIC);
      // Another /64 is another source.
      const otherNetwork = await postLogin(await openInteraction(behind.issuer), right, {
        from: proxy,
        headers: { 'x-forwarded-for': '2001:db8:7:8::1' },
      });
      expect(otherNetwork.status).toBe(303);
    } finally {
      await behind.server.close();
    }
  });

  it('keeps counting after a restart of identity (counters in PostgreSQL)', async () => {
    const from = '127.0.0.26';
    const target = await openInteraction(issuer);
    for (let i = 0; i < 4; i++) {
      await postLogin(target, { username: 'ivan', password: `wrong-${i}` }, { from });
    }
    await server.close();
    // No demo seeding this time: seeding (dev/test only) resets the counters on purpose.
    ({ server, issuer } = await boot(databaseUrl, keysDir, { SEED_DEMO_USERS: 'false' }));
    const right = { username: 'ivan', password: persona('ivan').password };
    expect((await postLogin(await openInteraction(issuer), right, { from })).body).toContain(
      GENERIC,
    );
  });

  it('locks the second factor after too many wrong codes, counted apart from passwords', async () => {
    const target = await openInteraction(issuer);
    const password = await postLogin(
      target,
      { username: 'carol', password: persona('carol').password },
      { from: '127.0.0.27' },
    );
    expect(password.body).toContain('name="code"');
    const otp = { ...target, action: target.action.replace(/\/login$/, '/otp') };
    for (let i = 0; i < 3; i++) await postLogin(otp, { code: '000000' }, { from: '127.0.0.27' });
    const right = await postLogin(otp, { code: totpNow(persona('carol').totpSecret ?? '') });
    expect(right.status).toBe(200);
    expect(right.body).toContain('Invalid code');
  });
});

describe('identity with the lockout defense off (training)', () => {
  let server: IdentityServer;
  let issuer: string;
  let keysDir: string;

  beforeAll(async () => {
    const databaseUrl = await ensureDatabase('claimguard_it_identity_mfa');
    keysDir = await mkdtemp(join(tmpdir(), 'identity-lockout-off-'));
    ({ server, issuer } = await boot(databaseUrl, keysDir, { CLAIMGUARD_DEFENSES_OFF: 'lockout' }));
  });

  afterAll(async () => {
    await server?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('lets the right password in after any number of failures', async () => {
    const from = '127.0.0.28';
    const target = await openInteraction(issuer);
    for (let i = 0; i < 10; i++) {
      await postLogin(target, { username: 'dave', password: `wrong-${i}` }, { from });
    }
    const right = { username: 'dave', password: persona('dave').password };
    expect((await postLogin(await openInteraction(issuer), right, { from })).status).toBe(303);
  });
});
