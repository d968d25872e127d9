import { attack, type AttackSpec } from '../support/attack.js';
import { call, type ApiResponse } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { login } from '../support/personas.js';

/**
 * A member attaches a photo to her claim by URL and claims fetches it server side, recording its
 * status, content type and size (defense `ssrf`). Secure: https, an allow-listed host name that
 * resolves to public addresses only (the stack's allow-list is empty, so every URL here is
 * refused). Off: claims fetches whatever it is given, and the recorded status/type/size prove the
 * request reached an internal endpoint. Every target is on loopback: the stack makes no internet
 * fetch.
 */
interface Photo {
  httpStatus?: number;
  contentType?: string | null;
  sizeBytes?: number;
  code?: string;
}

async function attachPhoto(url: string): Promise<ApiResponse<Photo>> {
  const alice = await login('alice', 'claims:read claims:write');
  const claimId = await fileClaim(alice);
  return call<Photo>('POST', `/api/claims/${claimId}/photos`, { token: alice, body: { url } });
}

function port(url: string): number {
  return Number(new URL(url).port);
}

/** The gateway's Prometheus port sits next to it: 9464 + the stack's offset (8080 + offset). */
function gatewayMetricsPort(): number {
  return 9464 + (port(env.gateway) - 8080);
}

function judge(
  answer: ApiResponse<Photo>,
  internal: string,
  expectedType: RegExp,
): ReturnType<Parameters<typeof attack>[1]> extends Promise<infer R> ? R : never {
  const { status, body } = answer;
  if (status === 201 && body.httpStatus === 200 && expectedType.test(body.contentType ?? '')) {
    return {
      outcome: 'succeeded',
      status,
      evidence: `claims fetched ${internal}: ${body.httpStatus} ${body.contentType}, ${body.sizeBytes} bytes`,
    };
  }
  if (status === 422 && body.code === 'CLAIMS.PHOTO_URL_REFUSED') {
    return {
      outcome: 'blocked',
      status,
      correlationId: answer.correlationId,
      evidence: `refused: ${JSON.stringify((body as { details?: unknown }).details)}`,
    };
  }
  return { outcome: 'inconclusive', status, evidence: JSON.stringify(body) };
}

/** Every SSRF scenario shares its mapping; only the id and the title differ. */
const ssrf = (id: string, title: string): AttackSpec => ({
  id,
  title,
  defense: 'ssrf',
  owasp: 'API7:2023 Server Side Request Forgery',
  cwe: 'CWE-918',
  asvs: 'V12.6.1',
  blocked: '422 CLAIMS.PHOTO_URL_REFUSED',
  auditedBy: 'claims',
  auditAction: 'authz.denied',
  attacker: 'alice',
});

attack(
  ssrf('API7-SSRF-001', "a photo URL makes claims read the gateway's metrics port on loopback"),
  async () => {
    const target = `http://127.0.0.1:${gatewayMetricsPort()}/metrics`;
    return judge(await attachPhoto(target), target, /^text\/plain/);
  },
);

attack(
  ssrf('API7-SSRF-002', "a decimal-encoded loopback address reaches identity's OpenID discovery"),
  async () => {
    // 2130706433 is 127.0.0.1 as one number: a filter that looks for "127." or "localhost" misses it.
    const target = `http://2130706433:${port(env.identity)}/.well-known/openid-configuration`;
    return judge(await attachPhoto(target), target, /^application\/json/);
  },
);

attack(
  ssrf(
    'API7-SSRF-003',
    'a short hex form of loopback (0x7f.1) reaches the metrics port by another spelling',
  ),
  async () => {
    // URL parsers read 0x7f.1 as 127.0.0.1: deny-lists of strings never see the loopback address.
    const target = `http://0x7f.1:${gatewayMetricsPort()}/metrics`;
    return judge(await attachPhoto(target), target, /^text\/plain/);
  },
);
