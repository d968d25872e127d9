import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevPki } from '@claimguard/testing';
import { attack, type AttackResult } from '../support/attack.js';
import { call, workloadTls } from '../support/api.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { login, persona } from '../support/personas.js';

/**
 * An attacker inside the network goes straight to the claims service's port, bypassing the
 * gateway, with a genuine party token for claims (lifted from a compromised service). mTLS decides
 * who may even talk to the service: only the gateway's certificate may call claims' routes. With
 * the defense off (training) the service still speaks TLS but asks nothing of the caller, so the
 * stolen token alone is enough: success is alice's claims list (200).
 */
const claimsToken = () => {
  const alice = persona('alice');
  return stolenPartyToken({
    sub: 'alice-sub',
    party: alice.party,
    aud: 'claims',
    scope: 'claims:read',
  });
};

type Tls = ReturnType<typeof workloadTls>;

/**
 * How a service cuts off a caller whose certificate did not verify: it completes the handshake,
 * then closes the connection before any HTTP (or a TLS alert refuses the handshake itself). Any
 * other failure — above all a refused connection, which means the service is down — proves nothing.
 */
const CUT_OFF = /^(UND_ERR_SOCKET|ECONNRESET|EPIPE|ERR_SSL_|ERR_TLS_)/;

/**
 * Calls claims' list route straight, from `source` (an address of this scenario's own: a refusal
 * at the handshake has no correlation id, and the service's audit line names the client address).
 */
async function straightToClaims(tls: Tls, source: string): Promise<AttackResult> {
  const correlationId = crypto.randomUUID();
  let response;
  try {
    response = await call<{ code?: string; items?: { id: string }[] }>('GET', '/claims?limit=100', {
      base: env.claims,
      as: 'none',
      tls,
      source,
      token: await claimsToken(),
      headers: { 'x-correlation-id': correlationId },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? '';
    if (!CUT_OFF.test(code)) {
      return {
        outcome: 'inconclusive',
        status: 0,
        evidence: `call failed: ${code || String(error)}`,
      };
    }
    // The service cut the caller off at TLS: no request ever reached a handler.
    return {
      outcome: 'blocked',
      status: 0,
      correlationId: null,
      link: { actor: `client ${source}` },
      evidence: `connection cut off after the handshake (${code})`,
    };
  }
  if (response.status === 200) {
    // The gain: alice's own claims, the list she sees through the gateway, served to the attacker.
    const served = (response.body.items ?? []).map((c) => c.id);
    const own = await call<{ items?: { id: string }[] }>('GET', '/api/claims?limit=100', {
      token: await login('alice', 'claims:read'),
    });
    const hers = new Set((own.body.items ?? []).map((c) => c.id));
    if (served.length > 0 && served.every((id) => hers.has(id))) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `claims served alice's ${served.length} claims (as on her own list) without the gateway`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: 200,
      evidence: `${served.length} claims, not alice's`,
    };
  }
  if (response.status === 403 && response.body.code === 'AUTH.CALLER_FORBIDDEN') {
    return {
      outcome: 'blocked',
      status: 403,
      correlationId,
      evidence: 'caller not on the route allow-list',
    };
  }
  return {
    outcome: 'inconclusive',
    status: response.status,
    evidence: JSON.stringify(response.body),
  };
}

attack(
  {
    id: 'API8-MTLS-001',
    title: 'a stolen party token sent straight to a service without a client certificate',
    defense: 'mtls',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-306',
    asvs: 'V9.2.3',
    blocked:
      'connection cut off after the TLS handshake (no verified client certificate), audited with the client address',
    gain: "claims serves alice's claims without the gateway: every id served is on the list alice's own login reads through the gateway",
    auditedBy: 'claims',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.61',
  },
  () => straightToClaims(workloadTls('none'), '127.0.0.61'),
);

attack(
  {
    id: 'API8-MTLS-002',
    title: "towing's certificate calls a claims route that only the gateway may call",
    defense: 'mtls',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-863',
    asvs: 'V9.2.3',
    blocked: '403 AUTH.CALLER_FORBIDDEN',
    gain: "claims serves alice's claims without the gateway: every id served is on the list alice's own login reads through the gateway",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'workload towing',
  },
  () => straightToClaims(workloadTls('towing'), '127.0.0.62'),
);

attack(
  {
    id: 'API8-MTLS-003',
    title: "a self-made certificate naming the gateway, straight at a service's port",
    defense: 'mtls',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-295',
    asvs: 'V9.2.3',
    blocked:
      'connection cut off after the TLS handshake (certificate of an unknown CA), audited with the client address',
    gain: "claims serves alice's claims without the gateway: every id served is on the list alice's own login reads through the gateway",
    auditedBy: 'claims',
    auditAction: 'authn.failure',
    attacker: 'client 127.0.0.63',
  },
  async () => {
    // The attacker's own CA issues `spiffe://claimguard.local/gateway`; the service trusts ours only.
    const forged = await ensureDevPki(mkdtempSync(join(tmpdir(), 'cg-forged-')), ['gateway']);
    const gateway = forged.workloads.gateway!;
    return straightToClaims(
      { caFile: workloadTls('none').caFile, certFile: gateway.certFile, keyFile: gateway.keyFile },
      '127.0.0.63',
    );
  },
);
