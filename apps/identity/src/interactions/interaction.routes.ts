import type { IncomingMessage, ServerResponse } from 'node:http';
import { audit, type Logger } from '@claimguard/observability';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { FormBodyError, readFormBody } from '../http/form-body.js';
import { errorPage, sendHtml } from '../http/html.js';
import { autoConsent } from '../oidc/grants.js';
import { checkCredentials } from '../users/credentials.js';
import type { PasswordHasher } from '../users/password-hasher.js';
import type { UserRepository } from '../users/user.repository.js';
import { LOGIN_FAILED_MESSAGE, renderLoginPage } from './login-page.js';

export interface InteractionDeps {
  provider: Provider;
  users: UserRepository;
  hasher: PasswordHasher;
  log: Logger;
  issuer: string;
  apiAudience: string;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?$/;

/**
 * Identity's own interaction endpoints (oidc-provider hands the browser to them):
 * - `GET  /interaction/:uid`        login form, or automatic consent
 * - `POST /interaction/:uid/login`  checks the credentials
 * - `POST /interaction/:uid/abort`  the user cancels; the client gets `access_denied`
 * Returns false when the path is not an interaction route.
 */
export function createInteractionRoutes(deps: InteractionDeps) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const match = ROUTE.exec(pathname);
    if (!match) return false;
    const [, uid = '', action] = match;
    const method = req.method ?? 'GET';
    try {
      if (!action && (method === 'GET' || method === 'HEAD')) await show(deps, req, res, uid);
      else if (action === 'login' && method === 'POST') await login(deps, req, res, uid);
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
  const check = await checkCredentials(deps.users, deps.hasher, username, password);
  const client =
    typeof interaction.params.client_id === 'string' ? interaction.params.client_id : undefined;

  if (!check.ok) {
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

  audit(deps.log, {
    action: 'authn.success',
    reason: 'password',
    sub: check.user.id,
    party: check.user.party,
    resource: client && `client:${client}`,
  });
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: check.user.id, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
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
