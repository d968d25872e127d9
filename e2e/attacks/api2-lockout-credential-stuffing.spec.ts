import { expect } from '@playwright/test';
import { attack } from '../support/attack.js';
import { comparable, openLoginForm, postLogin, refused } from '../support/login-form.js';
import { persona } from '../support/personas.js';

/** This attack's own source address: the lock it trips never touches the rest of the suite. */
const SOURCE = '127.0.0.31';

/**
 * Credential stuffing: a list of leaked username/password pairs from another site, tried from one
 * source. Most users do not exist here, some do with another password, one pair is valid (heidi).
 * With `lockout` on, the source is locked after `LOCKOUT_SOURCE_LOCK_AFTER` failures (30 in the
 * test stack) and the valid pair is refused like any other; with it off, the valid pair signs in.
 * Either way the answers never tell an existing user from an unknown one.
 */
attack(
  {
    id: 'API2-LOCKOUT-001',
    title: 'credential stuffing from one source, learning nothing about which users exist',
    defense: 'lockout',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-307',
    asvs: 'V2.2.1',
    blocked: '303 back to the login form, the same answer for every user',
    gain: "after the stuffing run heidi's valid leaked pair still signs in: the login answers 303 (a status alone; no session read back)",
    auditedBy: 'identity',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.31',
  },
  async () => {
    // A leaked list: mostly people who have no account here, some who do (other passwords).
    const known = ['dave', 'frank', 'ivan', 'bob', 'grace', 'erin'];
    const leaked: [string, string][] = Array.from({ length: 32 }, (_, i) => [
      i % 5 === 0 ? (known[(i / 5) % known.length] ?? 'dave') : `user${1000 + i * 7}`,
      `Summer${2000 + i}!`,
    ]);
    const target = await openLoginForm();
    const answers = [];
    for (const [username, password] of leaked) {
      answers.push({
        username,
        answer: await postLogin(target, { username, password }, { source: SOURCE }),
      });
    }
    // No user enumeration, defense on or off: the same status and the same page for every miss.
    const first = answers[0];
    for (const { username, answer } of answers) {
      expect(answer.status, `${username}: ${answer.status}`).toBe(200);
      expect(comparable(answer, username)).toBe(comparable(first!.answer, first!.username));
    }

    const valid = await postLogin(
      await openLoginForm(),
      { username: 'heidi', password: persona('heidi').password },
      { source: SOURCE },
    );
    if (valid.status === 303) {
      return { outcome: 'succeeded', status: 303, evidence: 'the valid leaked pair signed in' };
    }
    if (refused(valid)) {
      return {
        outcome: 'blocked',
        status: 200,
        // A sign-in page has no correlation id: identity's lockout line names the client address,
        // which is this attack's own.
        correlationId: null,
        link: { actor: `client ${SOURCE}` },
        evidence: 'the source was locked: even the valid pair got the generic refusal',
      };
    }
    return { outcome: 'inconclusive', status: valid.status, evidence: valid.body.slice(0, 200) };
  },
);
