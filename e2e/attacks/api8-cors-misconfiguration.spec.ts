import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { login } from '../support/personas.js';

/**
 * A script on a site the attacker controls calls the API from the victim's browser. The browser
 * lets the script read an answer only when the gateway's CORS headers allow that origin. With
 * `cors` on the gateway has an exact allow-list (`CORS_ALLOWED_ORIGINS`, empty here: the web app
 * is a BFF calling server-side), refuses a foreign preflight 403 `GATEWAY.CORS_ORIGIN_DENIED` and
 * audits it; with it off (the classic misconfiguration) it reflects any `Origin` with
 * `Access-Control-Allow-Credentials: true` and drops its hardening headers.
 */
const EVIL = 'https://claims-helper.evil.example';
/**
 * Where the victim's browser sends the preflight from, as the gateway sees it: the scoreboard
 * credits the client address the gateway saw, never the origin the request names itself.
 */
const BROWSER = '127.0.0.71';

attack(
  {
    id: 'API8-CORS-001',
    title: 'a preflight from an attacker origin is allowed with credentials',
    defense: 'cors',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-942',
    asvs: 'V14.5.3',
    blocked: '403 GATEWAY.CORS_ORIGIN_DENIED, no Access-Control-Allow-Origin',
    gain: "the preflight from the evil origin is answered with its origin, credentials true, POST and authorization allowed (headers only: a browser's permission, nothing read)",
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    attacker: `client ${BROWSER}`,
  },
  async () => {
    const preflight = await call<{ code?: string }>('OPTIONS', '/api/claims', {
      source: BROWSER,
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    const allowOrigin = preflight.headers.get('access-control-allow-origin');
    const credentials = preflight.headers.get('access-control-allow-credentials');
    const methods = preflight.headers.get('access-control-allow-methods') ?? '';
    const headers = preflight.headers.get('access-control-allow-headers') ?? '';
    if (
      preflight.status === 403 &&
      preflight.body.code === 'GATEWAY.CORS_ORIGIN_DENIED' &&
      allowOrigin === null
    ) {
      return {
        outcome: 'blocked',
        status: 403,
        correlationId: preflight.correlationId,
        evidence: `preflight from ${EVIL} refused, no CORS headers`,
      };
    }
    if (
      preflight.status < 300 &&
      allowOrigin === EVIL &&
      credentials === 'true' &&
      methods.includes('POST') &&
      headers.toLowerCase().includes('authorization')
    ) {
      return {
        outcome: 'succeeded',
        status: preflight.status,
        evidence: `preflight allowed ${EVIL} to POST with authorization and credentials (ACAO ${allowOrigin}, ACAC ${credentials})`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: preflight.status,
      evidence: `ACAO ${allowOrigin}, ACAC ${credentials}: ${JSON.stringify(preflight.body)}`,
    };
  },
);

attack(
  {
    id: 'API8-CORS-002',
    title: "a script on an attacker origin may read a member's claims from a credentialed answer",
    defense: 'cors',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-942',
    asvs: 'V14.5.3',
    blocked: 'no Access-Control-Allow-Origin for a foreign origin (audited)',
    gain: "alice's credentialed claim list answers the evil origin with ACAO set to it and credentials true, so its script may read the list (headers only)",
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const claimId = await fileClaim(alice, { needsTow: false });
    const list = await call<{ items?: { id: string }[] }>('GET', '/api/claims', {
      token: alice,
      headers: { origin: EVIL },
    });
    const allowOrigin = list.headers.get('access-control-allow-origin');
    const credentials = list.headers.get('access-control-allow-credentials');
    if (list.status !== 200 || !list.body.items?.some((c) => c.id === claimId)) {
      return {
        outcome: 'inconclusive',
        status: list.status,
        evidence: JSON.stringify(list.body).slice(0, 300),
      };
    }
    if (allowOrigin === null && credentials === null) {
      return {
        outcome: 'blocked',
        status: 200,
        correlationId: list.correlationId,
        evidence: `the answer names no allowed origin: the browser keeps alice's ${list.body.items.length} claims from ${EVIL}'s script`,
      };
    }
    if (allowOrigin === EVIL && credentials === 'true') {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `ACAO ${EVIL} + credentials: the attacker's script reads alice's ${list.body.items.length} claims, her new claim ${claimId} among them`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: list.status,
      evidence: `ACAO ${allowOrigin}, ACAC ${credentials}`,
    };
  },
);

attack(
  {
    id: 'API8-CORS-003',
    title: "a member's claim leaves the edge cacheable and without nosniff",
    defense: 'cors',
    owasp: 'API8:2023 Security Misconfiguration',
    cwe: 'CWE-525',
    asvs: 'V14.4.4',
    blocked: 'Cache-Control: no-store and X-Content-Type-Options: nosniff on every answer',
    gain: "alice's claim read leaves without Cache-Control no-store and without nosniff (headers only)",
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    auditGap:
      'nothing is refused: the edge adds no-store and nosniff to every answer, and an audit line per answer would flood the log',
    scoreboardBlindSpot:
      'every answer lacks the headers while the defense is off; who profits (a shared cache, a sniffing browser) is nobody the gateway sees, so no request is one to credit',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const claimId = await fileClaim(alice, { needsTow: false });
    const read = await call<{ id?: string; vehicle?: { vin?: string } }>(
      'GET',
      `/api/claims/${claimId}`,
      { token: alice },
    );
    if (read.status !== 200 || read.body.id !== claimId) {
      return {
        outcome: 'inconclusive',
        status: read.status,
        evidence: JSON.stringify(read.body).slice(0, 300),
      };
    }
    const cacheControl = read.headers.get('cache-control');
    const nosniff = read.headers.get('x-content-type-options');
    if (cacheControl?.includes('no-store') && nosniff === 'nosniff') {
      // Nothing was refused, so there is no audit line: the evidence is in the headers.
      return {
        outcome: 'blocked',
        status: 200,
        correlationId: null,
        evidence: `claim answer carries Cache-Control: ${cacheControl} and X-Content-Type-Options: ${nosniff}`,
      };
    }
    if (!cacheControl?.includes('no-store') && nosniff === null) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `alice's claim (VIN ${read.body.vehicle?.vin ?? '?'}) left with Cache-Control ${cacheControl ?? 'absent'} and no nosniff: shared caches may keep it`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: 200,
      evidence: `Cache-Control ${cacheControl}, X-Content-Type-Options ${nosniff}`,
    };
  },
);
