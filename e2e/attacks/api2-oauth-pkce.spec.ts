import { attack } from '../support/attack.js';
import { readAsVictim, redeem, refusedAuthorization, victimSignsIn } from '../support/oauth.js';
import { CLI_CLIENT } from '../support/personas.js';

/**
 * Authorization code interception (RFC 7636 §1): a code of a public client is redeemable by
 * whoever holds it unless it is bound to a PKCE challenge only the client's verifier answers.
 */
async function codeWithoutPkce() {
  const refused = await refusedAuthorization({ withoutPkce: true });
  if (refused) return refused;
  const outcome = await victimSignsIn({ withoutPkce: true });
  if (outcome.kind !== 'code') {
    return {
      outcome: 'inconclusive' as const,
      status: 'status' in outcome ? outcome.status : 0,
      evidence: `the sign-in ended as ${outcome.kind}`,
    };
  }
  // The interceptor has the code and nothing else: no code_verifier is sent.
  const stolen = await redeem(CLI_CLIENT.redirectUri, { code: outcome.code, verifier: '' });
  if ('error' in stolen) {
    return { outcome: 'inconclusive' as const, status: 400, evidence: stolen.error };
  }
  const read = await readAsVictim(stolen.tokens);
  if (!read.victims) {
    return {
      outcome: 'inconclusive' as const,
      status: read.status,
      evidence: "the stolen token did not read the victim's claims",
    };
  }
  return {
    outcome: 'succeeded' as const,
    status: read.status,
    evidence: `a code issued without code_challenge was redeemed without code_verifier and listed ${read.count} of the victim's claims and read the first as she reads it herself (same VIN)`,
  };
}

attack(
  {
    id: 'API2-OAUTH-PKCE-001',
    title: 'an authorization code issued without PKCE is redeemed by whoever intercepts it',
    defense: 'pkce',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-345',
    asvs: 'V3.7.1',
    blocked: '302 to the client with error=invalid_request (PKCE required), no code',
    gain: "a code issued without code_challenge redeems without code_verifier, and the token reads the victim's claims: the first on its list is hers, with the VIN she reads herself",
    auditedBy: 'identity',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  codeWithoutPkce,
);

/**
 * The downgrade: the attacker first asks for `code_challenge_method=plain` (refused in both modes:
 * oidc-provider v9 implements S256 only, so there is no plain to downgrade to), then strips the
 * S256 challenge altogether. Success means what a downgrade buys: identity accepts the request
 * without S256 and the code is redeemable without the verifier.
 */
attack(
  {
    id: 'API2-OAUTH-PKCE-002',
    title: 'PKCE downgrade: plain is refused, so the attacker strips S256 and the code still comes',
    defense: 'pkce',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-757',
    asvs: 'V3.7.1',
    blocked: '302 with error=invalid_request for plain and for no challenge',
    gain: "a code issued with a plain or no challenge redeems without the verifier, and the token reads the victim's claims: the first on its list is hers, with the VIN she reads herself",
    auditedBy: 'identity',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  async () => {
    const plain = await refusedAuthorization({
      extraParams: { code_challenge_method: 'plain', code_challenge: 'a'.repeat(43) },
    });
    if (!plain) {
      return {
        outcome: 'inconclusive',
        status: 0,
        evidence: 'identity accepted code_challenge_method=plain (expected S256 only)',
      };
    }
    const stripped = await codeWithoutPkce();
    return {
      ...stripped,
      evidence: `plain: ${plain.evidence}; without S256: ${stripped.evidence}`,
    };
  },
);
