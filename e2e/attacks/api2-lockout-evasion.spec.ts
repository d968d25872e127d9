import { attack } from '../support/attack.js';
import { openLoginForm, postLogin, refused, type LoginAnswer } from '../support/login-form.js';
import { persona } from '../support/personas.js';

function verdict(answer: LoginAnswer, source: string, lockedEvidence: string) {
  if (answer.status === 303) {
    return {
      outcome: 'succeeded' as const,
      status: 303,
      evidence: 'the right password signed in after the guesses',
    };
  }
  if (refused(answer)) {
    return {
      outcome: 'blocked' as const,
      status: 200,
      // identity's lockout line names the client address, which is this attack's own.
      correlationId: null,
      link: { actor: `client ${source}` },
      evidence: lockedEvidence,
    };
  }
  return {
    outcome: 'inconclusive' as const,
    status: answer.status,
    evidence: answer.body.slice(0, 200),
  };
}

/**
 * Online guessing that dodges the counter by changing the username's case: `erin`, `Erin`,
 * `ERIN`… Identity counts per case-normalized username, so they are one account: after
 * `LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER` misses (5 in the test stack) even the right password is
 * refused. With `lockout` off, nothing counts and the guesser gets in.
 */
attack(
  {
    id: 'API2-LOCKOUT-002',
    title: 'lockout evasion by changing the username case',
    defense: 'lockout',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-307',
    asvs: 'V2.2.1',
    blocked: '303 back to the login form (the account stays locked)',
    gain: 'after the guesses the right password still signs in: the login answers 303 (a status alone; no session read back)',
    auditedBy: 'identity',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.32',
  },
  async () => {
    const source = '127.0.0.32';
    const target = await openLoginForm();
    for (const username of ['erin', 'Erin', 'ERIN', 'eRin', 'erIN']) {
      await postLogin(target, { username, password: `${username}-guess-2026` }, { source });
    }
    const answer = await postLogin(
      await openLoginForm(),
      { username: 'ErIn', password: persona('erin').password },
      { source },
    );
    return verdict(answer, source, 'one account whatever the case: locked after 5 misses');
  },
);

/**
 * The same guessing, each attempt with a different `X-Forwarded-For`, hoping identity counts per
 * claimed client address. Identity believes the header only from configured trusted proxies
 * (none by default), so every attempt counts against the real source and the account is locked.
 */
attack(
  {
    id: 'API2-LOCKOUT-003',
    title: 'lockout evasion with a spoofed X-Forwarded-For per attempt',
    defense: 'lockout',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-348',
    asvs: 'V2.2.1',
    blocked: '303 back to the login form (the account stays locked)',
    gain: 'after the guesses the right password still signs in: the login answers 303 (a status alone; no session read back)',
    auditedBy: 'identity',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.33',
  },
  async () => {
    const source = '127.0.0.33';
    const target = await openLoginForm();
    for (let i = 0; i < 5; i++) {
      await postLogin(
        target,
        { username: 'grace', password: `grace-guess-${i}` },
        { source, headers: { 'x-forwarded-for': `198.51.100.${10 + i}` } },
      );
    }
    const answer = await postLogin(
      await openLoginForm(),
      { username: 'grace', password: persona('grace').password },
      { source, headers: { 'x-forwarded-for': '203.0.113.99' } },
    );
    return verdict(answer, source, 'X-Forwarded-For ignored: the real source was locked');
  },
);

/**
 * The same guessing as one burst of parallel requests, hoping they all pass the check before any
 * failure is counted. Identity counts the account+source pair before it looks at the password, in
 * one atomic statement, so the burst fills the counter as fast as it is sent and the account is
 * locked for this source afterwards.
 */
attack(
  {
    id: 'API2-LOCKOUT-004',
    title: 'lockout evasion by a burst of parallel guesses',
    defense: 'lockout',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-367',
    asvs: 'V2.2.1',
    blocked: '303 back to the login form (the account stays locked)',
    gain: 'after the guesses the right password still signs in: the login answers 303 (a status alone; no session read back)',
    auditedBy: 'identity',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.34',
  },
  async () => {
    const source = '127.0.0.34';
    const targets = await Promise.all(Array.from({ length: 10 }, () => openLoginForm()));
    await Promise.all(
      targets.map((target, i) =>
        postLogin(target, { username: 'frank', password: `frank-burst-${i}` }, { source }),
      ),
    );
    const answer = await postLogin(
      await openLoginForm(),
      { username: 'frank', password: persona('frank').password },
      { source },
    );
    return verdict(answer, source, 'every parallel guess was counted: locked after the burst');
  },
);
