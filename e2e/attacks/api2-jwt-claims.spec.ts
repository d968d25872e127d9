import { attack, type AttackSpec } from '../support/attack.js';
import { gatewaySigned, listClaimsWith, partyClaimsFor } from '../support/jwt-forgery.js';
import { fileClaim } from '../support/claims.js';
import { login, loginTokens } from '../support/personas.js';

/**
 * Tokens with a genuine signature whose claims should stop them, presented straight to claims
 * with the gateway's stolen certificate. The gateway-signed ones stand for tokens the gateway did
 * sign that reached the attacker (see `gatewaySigned`); the ID token is bob's own, from a normal
 * login of the CLI client. With `jwt-claims` on claims requires exp, honours exp/nbf/maxAge, pins
 * `iss` and `typ` (401); with it off it ignores them and lists claims.
 */
const spec = (id: string, title: string, cwe: string, attacker = 'alice'): AttackSpec => ({
  id,
  attacker,
  title,
  defense: 'jwt-claims',
  owasp: 'API2:2023 Broken Authentication',
  cwe,
  asvs: 'V3.5.3',
  blocked: '401 AUTH.TOKEN_INVALID',
  gain: `claims serves ${attacker}'s claims to the bad token: every id served is on the list ${attacker} sees through the gateway`,
  auditedBy: 'claims',
  auditAction: 'token.rejected',
});
const now = () => Math.floor(Date.now() / 1000);

attack(spec('API2-JWT-CLM-001', 'an expired party token lifted from a log', 'CWE-613'), () =>
  listClaimsWith(
    gatewaySigned(partyClaimsFor('alice', { iat: now() - 3600, exp: now() - 3540 })),
    'alice',
  ),
);

attack(spec('API2-JWT-CLM-002', 'a party token not yet valid (nbf ahead)', 'CWE-613'), () =>
  listClaimsWith(gatewaySigned(partyClaimsFor('alice', { nbf: now() + 3600 })), 'alice'),
);

attack(spec('API2-JWT-CLM-003', 'a party token without exp', 'CWE-613'), () => {
  const { exp: _exp, ...claims } = partyClaimsFor('alice');
  return listClaimsWith(gatewaySigned(claims), 'alice');
});

attack(spec('API2-JWT-CLM-004', 'a party token from another issuer', 'CWE-345'), () =>
  listClaimsWith(
    gatewaySigned(partyClaimsFor('alice', { iss: 'https://staging-gateway.example' })),
    'alice',
  ),
);

attack(spec('API2-JWT-CLM-005', 'a token of another type (typ JWT)', 'CWE-345'), () =>
  listClaimsWith(gatewaySigned(partyClaimsFor('alice'), { typ: 'JWT' }), 'alice'),
);

attack(
  spec('API2-JWT-CLM-006', "bob's ID token used as an access token", 'CWE-287', 'bob'),
  async () => {
    // bob needs a claim of his own, so that being served as bob shows.
    await fileClaim(await login('bob', 'claims:read claims:write'));
    const { id_token: idToken } = await loginTokens('bob', 'claims:read');
    if (!idToken) throw new Error('identity returned no ID token');
    return listClaimsWith(idToken, 'bob', 'ID');
  },
);
