import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { login, persona } from '../support/personas.js';

/**
 * A compromised towing service holds a token identity exchanged for rental (aud `claims`,
 * `act.sub` `rental`, scope `claims:coverage`) and asks claims' east-west coverage route with its
 * own certificate. mTLS decides: only rental's certificate may call that route, and the token's
 * `act.sub` must name the certificate's workload. With the defense off (training) both checks are
 * skipped and the stolen token is enough: success is the coverage answer (200).
 */
async function exchangedForRental(): Promise<string> {
  const secrets = JSON.parse(readFileSync(join(env.keysDir, 'stack-secrets.json'), 'utf8')) as {
    rentalClientSecret: string;
  };
  const subject = await stolenPartyToken({
    sub: 'heidi-sub',
    party: persona('heidi').party,
    aud: 'rental',
    scope: 'rental:write',
  });
  const response = await fetch(`${env.identity}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`claimguard-rental:${secrets.rentalClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: subject,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      audience: 'claims',
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`exchange failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

attack(
  {
    id: 'API8-MTLS-004',
    title: "rental's exchanged token used from towing's certificate on claims' coverage route",
    defense: 'mtls',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-863',
    asvs: 'V9.2.3',
    blocked: '403 AUTH.CALLER_FORBIDDEN',
    gain: "claims answers towing's workload a coverage read with a token exchanged for rental (200 alone; the coverage body is not checked)",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'workload towing',
  },
  async () => {
    const claimId = await fileClaim(await login('alice', 'claims:read claims:write'), {
      needsRental: true,
    });
    const correlationId = crypto.randomUUID();
    const response = await call<{ code?: string }>('GET', `/claims/${claimId}/coverage`, {
      base: env.claims,
      as: 'towing',
      token: await exchangedForRental(),
      headers: { 'x-correlation-id': correlationId },
    });
    if (response.status === 200) {
      return { outcome: 'succeeded', status: 200, evidence: 'claims answered towing the coverage' };
    }
    if (response.status === 403 && response.body.code === 'AUTH.CALLER_FORBIDDEN') {
      return {
        outcome: 'blocked',
        status: 403,
        correlationId,
        evidence: 'towing is not on the coverage route allow-list',
      };
    }
    return {
      outcome: 'inconclusive',
      status: response.status,
      evidence: JSON.stringify(response.body),
    };
  },
);
