import { test } from '@playwright/test';
import { E2E_PHOTO_HOSTS } from '@claimguard/testing';
import { attack, type AttackResult, type AttackSpec } from '../support/attack.js';
import { call, type ApiResponse } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { startInternalTarget, type InternalTarget } from '../support/internal-target.js';
import { login } from '../support/personas.js';

/**
 * A member attaches a photo to her claim by URL and claims fetches it server side, recording its
 * status, content type and size (defense `ssrf`). Every target is https on loopback: the suite's
 * own stand-in for an internal admin endpoint (e2e/support/internal-target.ts, a dev-CA
 * certificate claims trusts in test stacks), reached by one spelling or route per scenario. With
 * the defense on, each must be refused by the rule its title names — the 422's reason and claims'
 * `authz.denied` audit line quote it — and the internal endpoint must have served nothing. With it
 * off, claims must have read the internal secret: the content type it recorded carries this run's
 * marker and the size is the secret body's, byte for byte.
 *
 * The stack allow-lists `localhost` (resolves to loopback through /etc/hosts, the real resolver)
 * and `photos.claimguard.test`, a stand-in for a public photo host: claims resolves it to 127.0.0.2
 * through its test hosts file and treats that one address as public (`PHOTO_TEST_PUBLIC_ADDRESSES`,
 * refused in production), since a stack may contact no public address.
 *
 * DNS rebinding (an answer that changes between the check and the connection) is not an e2e
 * scenario: its first answer would have to pass the check and be connected to — a public address,
 * or a stand-in whose harmless answer is no refusal to audit. The pinning is proven instead in
 * apps/claims/src/claims/infrastructure/http-photo-fetcher.spec.ts, with an injected resolver whose
 * second answer is internal: the socket connects to the checked address, the resolver is asked once.
 */
interface Photo {
  httpStatus?: number;
  contentType?: string | null;
  sizeBytes?: number;
  code?: string;
  details?: { path?: string; message?: string }[];
}

let target: InternalTarget | undefined;
test.beforeAll(async () => {
  target = await startInternalTarget();
});
test.afterAll(async () => {
  await target?.stop();
});

function internal(): InternalTarget {
  if (!target) throw new Error('the internal target did not start');
  return target;
}

async function attachPhoto(url: string): Promise<ApiResponse<Photo>> {
  const alice = await login('alice', 'claims:read claims:write');
  const claimId = await fileClaim(alice);
  return call<Photo>('POST', `/api/claims/${claimId}/photos`, { token: alice, body: { url } });
}

/**
 * Attaches `url` and judges the answer: succeeded only when claims recorded the internal secret's
 * exact content type (this run's marker) and size and the endpoint served the request; blocked
 * only when the refusal names `rule` and the endpoint served nothing; anything else inconclusive.
 */
async function ssrfAttempt(url: string, rule: string): Promise<AttackResult> {
  const { secret, hits } = internal();
  const servedBefore = hits.internal.length;
  const publicBefore = hits.publicHost;
  const answer = await attachPhoto(url);
  const served = hits.internal.slice(servedBefore);
  const publicServed = hits.publicHost - publicBefore;
  const { status, body } = answer;
  if (
    status === 201 &&
    body.httpStatus === 200 &&
    body.contentType === secret.contentType &&
    body.sizeBytes === secret.sizeBytes &&
    served.length > 0
  ) {
    return {
      outcome: 'succeeded',
      status,
      evidence:
        `claims fetched ${url}: ${body.httpStatus} "${body.contentType}", ${body.sizeBytes} bytes: ` +
        `the internal secret body's type (this run's marker) and size (body sha256 ` +
        `${secret.sha256.slice(0, 16)}…), served on ${served.join(', ')}`,
    };
  }
  const reason = body.details?.[0]?.message;
  if (status === 422 && body.code === 'CLAIMS.PHOTO_URL_REFUSED' && served.length === 0) {
    if (reason !== rule) {
      return {
        outcome: 'inconclusive',
        status,
        evidence: `refused by "${reason}", not by the rule under test ("${rule}")`,
      };
    }
    return {
      outcome: 'blocked',
      status,
      correlationId: answer.correlationId,
      evidence:
        `refused ${url}: "${reason}"; the internal endpoint served nothing` +
        (publicServed > 0 ? `, the public stand-in ${publicServed} request(s)` : ''),
    };
  }
  return {
    outcome: 'inconclusive',
    status,
    evidence: `${JSON.stringify(body)}; internal requests served: ${served.length}`,
  };
}

const IP_LITERAL = 'an IP address instead of a host name';

/** Every SSRF scenario shares its mapping; the id, title and refusing rule differ. */
const ssrf = (id: string, title: string, rule: string): AttackSpec => ({
  id,
  title,
  defense: 'ssrf',
  owasp: 'API7:2023 Server Side Request Forgery',
  cwe: 'CWE-918',
  asvs: 'V12.6.1',
  blocked: `422 CLAIMS.PHOTO_URL_REFUSED ("${rule}")`,
  gain: "claims fetches the internal secret: the internal endpoint logs the request and the photo claims records carries the secret's per-run content type and exact size",
  auditedBy: 'claims',
  auditAction: 'authz.denied',
  auditReason: `photo URL refused: ${rule}`,
  attacker: 'alice',
});

attack(
  ssrf(
    'API7-SSRF-001',
    'an https photo URL at 127.0.0.1 makes claims read an internal admin endpoint',
    IP_LITERAL,
  ),
  () => ssrfAttempt(`https://127.0.0.1:${internal().port}/admin/secret`, IP_LITERAL),
);

attack(
  ssrf(
    'API7-SSRF-002',
    'a decimal-encoded loopback address (2130706433) over https reaches the internal endpoint',
    IP_LITERAL,
  ),
  // 2130706433 is 127.0.0.1 as one number: a filter that looks for "127." or "localhost" misses it.
  () => ssrfAttempt(`https://2130706433:${internal().port}/admin/secret`, IP_LITERAL),
);

attack(
  ssrf(
    'API7-SSRF-003',
    'a short hex form of loopback (0x7f.1) over https reaches the internal endpoint',
    IP_LITERAL,
  ),
  // URL parsers read 0x7f.1 as 127.0.0.1: deny-lists of strings never see the loopback address.
  () => ssrfAttempt(`https://0x7f.1:${internal().port}/admin/secret`, IP_LITERAL),
);

attack(
  ssrf(
    'API7-SSRF-004',
    'IPv6 loopback ([::1]) over https reaches the internal endpoint past IPv4-only filters',
    IP_LITERAL,
  ),
  () => ssrfAttempt(`https://[::1]:${internal().port}/admin/secret`, IP_LITERAL),
);

attack(
  ssrf(
    'API7-SSRF-005',
    'an IPv4-mapped IPv6 address ([::ffff:127.0.0.1]) over https reaches the internal endpoint',
    IP_LITERAL,
  ),
  // Parsed to [::ffff:7f00:1]: neither "127." nor "::1" appears, yet the socket lands on 127.0.0.1.
  () => ssrfAttempt(`https://[::ffff:127.0.0.1]:${internal().port}/admin/secret`, IP_LITERAL),
);

attack(
  ssrf(
    'API7-SSRF-006',
    'an allow-listed host NAME that resolves to loopback reaches the internal endpoint',
    'host resolves to an internal address',
  ),
  // The name passes every check on the URL; only resolving it shows where it points.
  () =>
    ssrfAttempt(
      `https://${E2E_PHOTO_HOSTS.internal}:${internal().port}/admin/secret`,
      'host resolves to an internal address',
    ),
);

attack(
  ssrf(
    'API7-SSRF-007',
    'an allow-listed public photo host answers 302 to the internal endpoint',
    'redirects are not followed',
  ),
  // Every check on the URL and its address passes: the internal URL only arrives in the answer.
  () =>
    ssrfAttempt(
      `https://${E2E_PHOTO_HOSTS.publicStandIn.name}:${internal().publicPort}/photos/dent.jpg`,
      'redirects are not followed',
    ),
);
