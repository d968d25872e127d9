import { E2E_IDENTITY_RATE_LIMITS, postForm, type FormAnswer } from '@claimguard/testing';
import { attack } from '../support/attack.js';
import { burstPastLimit } from '../support/burst.js';
import { openLoginForm, type LoginTarget } from '../support/login-form.js';

/** This attack's own source address: the budget it spends never starves the rest of the suite. */
const SOURCE = '127.0.0.35';

/**
 * identity's sign-in posts per address and window in the test stack: `RATE_LIMIT_LOGIN_PER_IP`
 * 100 (libs/testing/src/stack.ts; 20 by default) per `RATE_LIMIT_WINDOW_SECONDS` (60).
 */
const LIMIT = Number(E2E_IDENTITY_RATE_LIMITS.RATE_LIMIT_LOGIN_PER_IP);
const WINDOW_MS = 60_000;

/** One posted guess from this attack's address, with the headers (Retry-After). */
function postGuess(
  target: LoginTarget,
  credentials: { username: string; password: string },
): Promise<FormAnswer> {
  return postForm(target.action, credentials, { source: SOURCE, cookie: target.cookie });
}

/**
 * A burst of password guesses at identity's login form from one source, each for another made-up
 * username (a spray over a leaked list). With `rate-limit` on identity answers 429 with
 * `Retry-After` once the address has spent its budget, before looking at the password. With it off
 * every guess is answered and checked. The lockout does not decide here: no username is guessed
 * twice, so no account or account+source pair locks; the source lock (30 failures in the test
 * stack) may trip on the way, but it answers with the generic refusal page (200), never 429.
 */
attack(
  {
    id: 'API4-RATE-LIMIT-002',
    title: 'a burst of login guesses from one source past identity’s per-address limit',
    defense: 'rate-limit',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    cwe: 'CWE-307',
    asvs: 'V11.1.4',
    blocked: '429 IDENTITY.RATE_LIMITED with Retry-After',
    gain: "more than the limit of password-spray guesses answered 200 (not 429) within one window, counted from the answers' statuses",
    auditedBy: 'identity',
    auditAction: 'rate.limited',
    attacker: 'client 127.0.0.35',
  },
  async () => {
    const target = await openLoginForm();
    return burstPastLimit({
      limit: LIMIT,
      windowMs: WINDOW_MS,
      send: async (i) => {
        const answer = await postGuess(target, {
          username: `spray${String(i).padStart(4, '0')}`,
          password: `Winter${2000 + i}!`,
        });
        if (answer.status === 429) {
          const retryAfter = Number(answer.headers['retry-after']);
          const correlationId = answer.headers['x-correlation-id'];
          if (!(retryAfter >= 1) || typeof correlationId !== 'string') {
            const evidence = `429 without Retry-After or correlation id: ${JSON.stringify(answer.headers)}`;
            return { status: 429, verdict: { outcome: 'inconclusive', status: 429, evidence } };
          }
          const evidence = `guess ${i} of the burst refused, Retry-After ${retryAfter} s`;
          return {
            status: 429,
            verdict: { outcome: 'blocked', status: 429, correlationId, evidence },
          };
        }
        if (answer.status !== 200) {
          const evidence = `guess ${i}: HTTP ${answer.status}`;
          return {
            status: answer.status,
            verdict: { outcome: 'inconclusive', status: answer.status, evidence },
          };
        }
        return { status: 200 };
      },
    });
  },
);
