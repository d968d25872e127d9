import { attack } from '../support/attack.js';
import { env } from '../support/env.js';
import { readAsVictim, victimSignsIn } from '../support/oauth.js';
import { CLI_CLIENT } from '../support/personas.js';

async function redeemRaw(code: string, verifier: string) {
  const response = await fetch(`${env.identity}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: CLI_CLIENT.redirectUri,
      client_id: CLI_CLIENT.clientId,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  return { status: response.status, body, correlationId: response.headers.get('x-correlation-id') };
}

/**
 * An authorization code (and its verifier) leaks after the client used it — a proxy log, browser
 * history, a crash report — and the attacker redeems it again. With `code-single-use` on, identity
 * refuses (invalid_grant) and revokes what the code issued; with it off, the attacker gets a fresh
 * token set of the victim's.
 */
attack(
  {
    id: 'API2-OAUTH-CODE-001',
    title: 'a used authorization code replayed at /token yields a second set of tokens',
    defense: 'code-single-use',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-294',
    asvs: 'V2.8.4',
    blocked: '400 invalid_grant (code already consumed; its grant revoked)',
    gain: "the used code redeems again for a new access token, and that token reads the victim's claims: the first on its list is hers, with the VIN she reads herself",
    auditedBy: 'identity',
    auditAction: 'token.rejected',
    attacker: 'alice',
  },
  async () => {
    const outcome = await victimSignsIn({});
    if (outcome.kind !== 'code') {
      return { outcome: 'inconclusive', status: 0, evidence: `sign-in ended as ${outcome.kind}` };
    }
    const first = await redeemRaw(outcome.code, outcome.verifier);
    if (first.status !== 200 || !first.body.access_token) {
      return {
        outcome: 'inconclusive',
        status: first.status,
        evidence: 'the client could not redeem',
      };
    }
    const replay = await redeemRaw(outcome.code, outcome.verifier);
    if (replay.status === 400 && replay.body.error === 'invalid_grant') {
      return {
        outcome: 'blocked',
        status: 400,
        correlationId: replay.correlationId,
        evidence: 'the replayed code was refused with invalid_grant',
      };
    }
    if (replay.status !== 200 || !replay.body.access_token) {
      return {
        outcome: 'inconclusive',
        status: replay.status,
        evidence: JSON.stringify(replay.body),
      };
    }
    const read = await readAsVictim({
      access_token: replay.body.access_token,
      token_type: 'Bearer',
      scope: '',
      expires_in: 0,
    });
    return read.victims && replay.body.access_token !== first.body.access_token
      ? {
          outcome: 'succeeded',
          status: read.status,
          evidence: `the used code was redeemed again: a new access token that lists ${read.count} of the victim's claims and reads the first as she reads it herself (same VIN)`,
        }
      : {
          outcome: 'inconclusive',
          status: read.status,
          evidence: 'the replayed token did not work',
        };
  },
);
