import { openLoginForm as openForm, postForm, type LoginForm } from '@claimguard/testing';
import { env } from './env.js';
import { CLI_CLIENT } from './personas.js';

/** A login form of one fresh interaction at identity: where to post, with the browser's cookies. */
export type LoginTarget = Pick<LoginForm, 'action' | 'cookie'>;

/** Starts an authorization request (code + PKCE S256) and returns its login form's target. */
export function openLoginForm(): Promise<LoginTarget> {
  return openForm(env.identity, CLI_CLIENT);
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
export async function postLogin(
  target: LoginTarget,
  credentials: { username: string; password: string },
  options: { source: string; headers?: Record<string, string> },
): Promise<LoginAnswer> {
  const { status, body } = await postForm(target.action, credentials, {
    ...options,
    cookie: target.cookie,
  });
  return { status, body };
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
