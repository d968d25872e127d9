import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DefenseSwitches } from '@claimguard/config';
import { ACR_MFA, ACR_PASSWORD } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { FormBodyError, readFormBody } from '../http/form-body.js';
import { errorPage, sendHtml } from '../http/html.js';
import { clientAddress } from '../lockout/client-address.js';
import type { LoginThrottle } from '../lockout/login-throttle.js';
import { hashEnrolmentCode } from '../mfa/enrolment-code.js';
import type { TotpAuthenticator } from '../mfa/totp-authenticator.js';
import { otpauthUri } from '../mfa/totp.js';
import { autoConsent } from '../oidc/grants.js';
import {
  checkCredentials,
  MAX_PASSWORD_LENGTH,
  type CredentialCheck,
} from '../users/credentials.js';
import type { PasswordHasher } from '../users/password-hasher.js';
import type { UserRepository } from '../users/user.repository.js';
import { LOGIN_FAILED_MESSAGE, renderLoginPage } from './login-page.js';
import {
  CODE_FAILED_MESSAGE,
  ENROLMENT_CODE_FAILED_MESSAGE,
  renderEnrolmentCodePage,
  renderEnrollPage,
  renderTotpPage,
} from './mfa-pages.js';

export interface InteractionDeps {
  provider: Provider;
  users: UserRepository;
  hasher: PasswordHasher;
  log: Logger;
  issuer: string;
  apiAudience: string;
  totp: TotpAuthenticator;
  throttle: LoginThrottle;
  defenses: DefenseSwitches;
  /** Proxies whose X-Forwarded-For is believed (default none). */
  trustedProxies: readonly string[];
}

/** What a password login leaves in the interaction until the second factor is done. */
interface PendingMfa {
  accountId: string;
  username: string;
  /**
   * `otp`: an enrolled user's code; `enrolment-code`: an account that must use MFA and has no
   * authenticator shows the administrator's enrolment code first; `enroll`: a secret is offered.
   */
  stage: 'otp' | 'enrolment-code' | 'enroll';
  /** The offered secret, sealed (enrollment only). */
  sealed?: string;
  /** The hash of the enrolment code accepted for this sign-in, used up when the secret is stored. */
  enrolmentCodeHash?: string;
  required: boolean;
}
const PENDING = 'claimguard_mfa';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const ROUTE =
  /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|otp|enrolment-code|enroll|abort))?$/;

/** What an interaction path names: the interaction and the action posted to, if any. */
export interface InteractionPath {
  uid: string;
  action?: 'login' | 'otp' | 'enrolment-code' | 'enroll' | 'abort';
}

/**
 * Reads an interaction path the way these routes match it (exactly: no case folding, no trailing
 * slash), so identity's rate limit counts precisely the requests these routes serve.
 * @example matchInteraction('/interaction/Ab_9/login') // { uid: 'Ab_9', action: 'login' }
 */
export function matchInteraction(pathname: string): InteractionPath | undefined {
  const match = ROUTE.exec(pathname);
  if (!match) return undefined;
  const [, uid = '', action] = match;
  return action ? { uid, action: action as InteractionPath['action'] } : { uid };
}

/**
 * Identity's own interaction endpoints (oidc-provider hands the browser to them):
 * - `GET  /interaction/:uid`        login form, or automatic consent
 * - `POST /interaction/:uid/login`  checks the credentials (counted by the lockout first)
 * - `POST /interaction/:uid/otp`    the TOTP code of an enrolled user
 * - `POST /interaction/:uid/enrolment-code` an administrator's enrolment code (accounts that must
 *   use MFA, before their first authenticator)
 * - `POST /interaction/:uid/enroll` confirms a new TOTP secret with one code
 * - `POST /interaction/:uid/abort`  the user cancels; the client gets `access_denied`
 * Returns false when the path is not an interaction route.
 */
export function createInteractionRoutes(deps: InteractionDeps) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const route = matchInteraction(pathname);
    if (!route) return false;
    const { uid, action } = route;
    const method = req.method ?? 'GET';
    try {
      if (!action && (method === 'GET' || method === 'HEAD')) await show(deps, req, res, uid);
      else if (action === 'login' && method === 'POST') await login(deps, req, res, uid);
      else if (action === 'otp' && method === 'POST')
        await secondFactor(deps, req, res, uid, 'otp');
      else if (action === 'enrolment-code' && method === 'POST')
        await enrolmentCode(deps, req, res, uid);
      else if (action === 'enroll' && method === 'POST')
        await secondFactor(deps, req, res, uid, 'enroll');
      else if (action === 'abort' && method === 'POST') await abort(deps, req, res, uid);
      else sendHtml(res, 405, errorPage('Not allowed', 'This page cannot be used that way.'));
    } catch (error) {
      fail(deps.log, res, error);
    }
    return true;
  };
}

async function current(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
) {
  const interaction = await deps.provider.interactionDetails(req, res);
  // The interaction cookie is scoped to its own path; a mismatch means a stale or forged link.
  if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
  return interaction;
}

async function show(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, uid: string) {
  const interaction = await current(deps, req, res, uid);
  if (interaction.prompt.name === 'login') {
    sendHtml(res, 200, renderLoginPage({ uid, clientName: await clientName(deps, interaction) }));
    return;
  }
  if (interaction.prompt.name === 'consent') {
    const accountId = interaction.session?.accountId;
    const user = accountId ? await deps.users.findById(accountId) : undefined;
    if (!user || user.disabled) {
      await deps.provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const result = await autoConsent(deps.provider, interaction, user.party, deps.apiAudience);
    await deps.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    return;
  }
  sendHtml(res, 400, errorPage('Cannot continue', 'This sign-in step is not supported.'));
}

async function login(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
) {
  assertSameOrigin(req, deps.issuer);
  const interaction = await current(deps, req, res, uid);
  if (interaction.prompt.name !== 'login') {
    sendHtml(
      res,
      400,
      errorPage('Cannot continue', 'This sign-in request is not waiting for a login.'),
    );
    return;
  }
  const form = await readFormBody(req);
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const client =
    typeof interaction.params.client_id === 'string' ? interaction.params.client_id : undefined;
  const source = clientAddress(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    deps.trustedProxies,
  );
  const lockoutOn = deps.defenses.isOn('lockout');

  // The account+source pair is counted before the password is looked at, so parallel guesses
  // cannot outrun its threshold; account and source counters take real failures only.
  const verdict = await deps.throttle.begin({ username, source });
  let check: CredentialCheck | { ok: false; reason: 'locked'; user?: undefined };
  if (verdict.locked && lockoutOn) {
    // Same work and same answer as a wrong password: the lock is not an oracle.
    await deps.hasher.verifyAgainstDummy(password.slice(0, MAX_PASSWORD_LENGTH));
    check = { ok: false, reason: 'locked' };
    audit(deps.log, {
      action: 'authn.failure',
      defense: 'lockout',
      // No person is named to the guesser; the client address is what links the refusal.
      actor: `client ${source}`,
      reason: `login refused: ${verdict.lockedBy ?? 'account'} locked (source ${source})`,
      resource: client && `client:${client}`,
    });
  } else {
    check = await checkCredentials(deps.users, deps.hasher, username, password);
    if (verdict.locked) {
      audit(deps.log, {
        action: 'defense.off',
        defense: 'lockout',
        // The guesser is the client, not the account's owner: the scoreboard credits the actor.
        actor: `client ${source}`,
        ...(check.user ? { resource: `user:${check.user.id}` } : {}),
        reason: `attempt past the ${verdict.lockedBy ?? 'account'} lock checked anyway (defense lockout is off)`,
      });
    }
  }
  if (lockoutOn && verdict.delayMs > 0) await sleep(verdict.delayMs);

  if (!check.ok) {
    await deps.throttle.failed({ username, source });
    audit(deps.log, {
      action: 'authn.failure',
      reason: check.reason,
      sub: check.user?.id,
      party: check.user?.party,
      resource: client && `client:${client}`,
    });
    sendHtml(
      res,
      200,
      renderLoginPage({
        uid,
        clientName: await clientName(deps, interaction),
        username: username.slice(0, 128),
        error: LOGIN_FAILED_MESSAGE,
      }),
    );
    return;
  }
  await deps.throttle.succeeded({ username, source });
  const { user } = check;

  const acrValues =
    typeof interaction.params.acr_values === 'string' ? interaction.params.acr_values : '';
  const mfaAsked = acrValues.split(' ').includes(ACR_MFA);
  if (!user.mfaEnrolled && !user.mfaRequired && !mfaAsked) {
    audit(deps.log, {
      action: 'authn.success',
      reason: 'password',
      sub: user.id,
      party: user.party,
      resource: client && `client:${client}`,
    });
    await deps.provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.id, acr: ACR_PASSWORD, amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  const pending: PendingMfa = {
    accountId: user.id,
    username: user.username,
    // Whoever knows the password of an account that must use MFA may not add an authenticator
    // to it on that alone: an administrator's out-of-band enrolment code comes first.
    stage: user.mfaEnrolled ? 'otp' : user.mfaRequired ? 'enrolment-code' : 'enroll',
    required: user.mfaRequired,
  };
  if (pending.stage === 'enroll') {
    const offer = deps.totp.offer(user.id);
    pending.sealed = offer.sealed;
  }
  interaction.result = { [PENDING]: pending };
  await interaction.persist();
  audit(deps.log, {
    action: 'authn.success',
    reason: `password; second factor ${STAGE_NOTE[pending.stage]}`,
    sub: user.id,
    party: user.party,
    resource: client && `client:${client}`,
  });
  sendHtml(res, 200, secondFactorPage(deps, uid, pending));
}

const STAGE_NOTE: Record<PendingMfa['stage'], string> = {
  otp: 'pending',
  'enrolment-code': 'enrollment needs an enrolment code',
  enroll: 'enrollment offered',
};

function secondFactorPage(deps: InteractionDeps, uid: string, pending: PendingMfa, error?: string) {
  if (pending.stage === 'otp') return renderTotpPage({ uid, ...(error ? { error } : {}) });
  if (pending.stage === 'enrolment-code') {
    return renderEnrolmentCodePage({ uid, ...(error ? { error } : {}) });
  }
  const secret = deps.totp.reveal(pending.accountId, pending.sealed ?? '');
  return renderEnrollPage({
    uid,
    secret,
    otpauthUri: otpauthUri('ClaimGuard', pending.username, secret),
    required: pending.required,
    ...(error ? { error } : {}),
  });
}

/** The pending second factor of this interaction when it is at `stage`; answers 400 otherwise. */
async function pendingAt(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  stage: PendingMfa['stage'],
): Promise<{ interaction: Interaction; pending: PendingMfa } | undefined> {
  assertSameOrigin(req, deps.issuer);
  const interaction = await current(deps, req, res, uid);
  const pending = (interaction.result as Record<string, PendingMfa> | undefined)?.[PENDING];
  if (interaction.prompt.name !== 'login' || !pending || pending.stage !== stage) {
    sendHtml(
      res,
      400,
      errorPage('Cannot continue', 'This sign-in request is not waiting for a code.'),
    );
    return undefined;
  }
  return { interaction, pending };
}

/**
 * The administrator's enrolment code of an account that must use MFA and has none yet: counted by
 * the MFA counter like a TOTP code (a known password buys no unlimited guesses); a valid one moves
 * the sign-in on to the offered secret. The code is used up only when the secret is stored.
 */
async function enrolmentCode(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
) {
  const at = await pendingAt(deps, req, res, uid, 'enrolment-code');
  if (!at) return;
  const { interaction, pending } = at;
  const form = await readFormBody(req);
  const hash = hashEnrolmentCode(form.get('enrolment_code') ?? '');
  const locked = await deps.throttle.beginMfa(pending.accountId);
  const lockoutOn = deps.defenses.isOn('lockout');
  let ok = false;
  if (locked && lockoutOn) {
    audit(deps.log, {
      action: 'authn.failure',
      defense: 'lockout',
      sub: pending.accountId,
      reason: 'second factor locked after too many wrong codes',
    });
  } else {
    ok = await deps.users.enrolmentCodeValid(pending.accountId, hash);
  }
  if (!ok) {
    audit(deps.log, {
      action: 'authn.failure',
      reason: 'wrong, expired, used or locked enrolment code',
      sub: pending.accountId,
    });
    sendHtml(res, 200, secondFactorPage(deps, uid, pending, ENROLMENT_CODE_FAILED_MESSAGE));
    return;
  }
  const next: PendingMfa = {
    ...pending,
    stage: 'enroll',
    sealed: deps.totp.offer(pending.accountId).sealed,
    enrolmentCodeHash: hash,
  };
  interaction.result = { [PENDING]: next };
  await interaction.persist();
  audit(deps.log, {
    action: 'authn.success',
    reason: 'enrolment code accepted; enrollment offered',
    sub: pending.accountId,
  });
  sendHtml(res, 200, secondFactorPage(deps, uid, next));
}

/** The TOTP step (`otp`: an enrolled user's code; `enroll`: confirming a new secret). */
async function secondFactor(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  stage: 'otp' | 'enroll',
) {
  const at = await pendingAt(deps, req, res, uid, stage);
  if (!at) return;
  const { pending } = at;
  const form = await readFormBody(req);
  const code = (form.get('code') ?? '').slice(0, 16);
  const lockoutOn = deps.defenses.isOn('lockout');
  // MFA failures have their own counter: a known password must not buy unlimited code guesses.
  const locked = await deps.throttle.beginMfa(pending.accountId);
  let ok = false;
  if (locked && lockoutOn) {
    audit(deps.log, {
      action: 'authn.failure',
      defense: 'lockout',
      sub: pending.accountId,
      reason: 'second factor locked after too many wrong codes',
    });
  } else if (stage === 'otp') {
    ok = await deps.totp.verify(pending.accountId, code);
  } else {
    const outcome = await deps.totp.confirm(pending.accountId, pending.sealed ?? '', code, {
      enrolmentCodeHash: pending.enrolmentCodeHash,
    });
    if (outcome === 'already-enrolled' || outcome === 'code-refused') {
      refuseEnrollment(deps, res, pending, outcome);
      return;
    }
    ok = outcome === 'enrolled';
    if (ok) {
      audit(deps.log, {
        action: 'mfa.enrolled',
        sub: pending.accountId,
        reason: `TOTP authenticator added${pending.enrolmentCodeHash ? ' with an enrolment code' : ''}`,
      });
    }
  }
  if (!ok) {
    audit(deps.log, {
      action: 'authn.failure',
      reason: stage === 'otp' ? 'wrong, replayed or locked TOTP code' : 'wrong code at enrollment',
      sub: pending.accountId,
    });
    sendHtml(res, 200, secondFactorPage(deps, uid, pending, CODE_FAILED_MESSAGE));
    return;
  }
  await deps.throttle.mfaSucceeded(pending.accountId);
  audit(deps.log, {
    action: 'authn.success',
    reason: stage === 'otp' ? 'password+totp' : 'password+totp (enrolled now)',
    sub: pending.accountId,
  });
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: pending.accountId, acr: ACR_MFA, amr: ['pwd', 'otp'] } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * An enrollment that lost: another one stored an authenticator first (a held-open enrollment must
 * never overwrite the owner's), or the enrolment code was used or expired meanwhile. Nothing was
 * written; the page says what to do instead of a 500.
 */
function refuseEnrollment(
  deps: InteractionDeps,
  res: ServerResponse,
  pending: PendingMfa,
  outcome: 'already-enrolled' | 'code-refused',
): void {
  audit(deps.log, {
    action: 'authn.failure',
    sub: pending.accountId,
    reason:
      outcome === 'already-enrolled'
        ? 'enrollment refused: the account already has an authenticator'
        : 'enrollment refused: the enrolment code was used or expired meanwhile',
  });
  sendHtml(
    res,
    409,
    outcome === 'already-enrolled'
      ? errorPage(
          'Authenticator already set up',
          'This account already has an authenticator, so this one was not added. Sign in again and enter the code of the authenticator you set up. If you did not set one up, contact the help desk.',
        )
      : errorPage(
          'Enrolment code no longer valid',
          'The enrolment code was used or has expired, so no authenticator was added. Ask the help desk for a new code.',
        ),
  );
}

async function abort(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
) {
  assertSameOrigin(req, deps.issuer);
  await current(deps, req, res, uid);
  await deps.provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'End-User aborted interaction' },
    { mergeWithLastSubmission: false },
  );
}

async function clientName(deps: InteractionDeps, interaction: Interaction): Promise<string> {
  const id = interaction.params.client_id;
  const client = typeof id === 'string' ? await deps.provider.Client.find(id) : undefined;
  return client?.clientName ?? 'your application';
}

/**
 * Defense in depth on top of the SameSite=Lax interaction cookie: a browser that sends `Origin`
 * must send identity's own.
 */
function assertSameOrigin(req: IncomingMessage, issuer: string): void {
  const origin = req.headers.origin;
  if (origin && origin !== 'null' && origin !== new URL(issuer).origin) {
    throw new FormBodyError(400, 'cross-origin form post');
  }
}

function fail(log: Logger, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof errors.SessionNotFound) {
    sendHtml(
      res,
      400,
      errorPage(
        'Sign-in expired',
        'This sign-in request has expired. Return to the application and sign in again.',
      ),
    );
    return;
  }
  if (error instanceof FormBodyError) {
    sendHtml(res, error.status, errorPage('Request refused', 'The form could not be accepted.'));
    return;
  }
  log.error({ err: error }, 'interaction failed');
  sendHtml(res, 500, errorPage('Something went wrong', 'Please try again later.'));
}
