import { attack } from '../support/attack.js';
import { burstPastLimit } from '../support/burst.js';
import { call } from '../support/api.js';
import { login } from '../support/personas.js';
import { E2E_GATEWAY_RATE_LIMITS } from '@claimguard/testing';

/**
 * The gateway's per-person limit on an expensive route (`POST /api/claims`,
 * `RATE_LIMIT_EXPENSIVE_PER_USER`: 30 a minute by default, 150 in test stacks) in fixed windows of
 * `RATE_LIMIT_WINDOW_SECONDS` (60). Sent as ivan: no other test writes as him, so this attack spends
 * its own budget and never starves another test.
 */
const LIMIT = Number(E2E_GATEWAY_RATE_LIMITS.RATE_LIMIT_EXPENSIVE_PER_USER);
const WINDOW_MS = 60_000;

/**
 * A burst past the rate limit: one account floods an expensive route (resource exhaustion, cost to
 * the platform, brute force on object ids). With `rate-limit` on the gateway answers 429
 * `GATEWAY.RATE_LIMITED` with `Retry-After` once the window's budget is spent — whatever the route
 * would have answered. With it off every request of the burst is served.
 */
attack(
  {
    id: 'API4-RATE-LIMIT-001',
    title: 'a burst of expensive requests past the per-person rate limit',
    defense: 'rate-limit',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    cwe: 'CWE-770',
    asvs: 'V11.1.4',
    blocked: '429 GATEWAY.RATE_LIMITED with Retry-After',
    gain: "more than the limit of empty claim posts served (not 429) within one window, counted from the answers' statuses",
    auditedBy: 'gateway',
    auditAction: 'rate.limited',
    attacker: 'ivan',
  },
  async () => {
    const token = await login('ivan', 'claims:read');
    return burstPastLimit({
      limit: LIMIT,
      windowMs: WINDOW_MS,
      send: async (i) => {
        // An empty body: every request costs the platform authentication and routing, none files.
        const response = await call<{ code?: string }>('POST', '/api/claims', { token, body: {} });
        if (response.status === 429) {
          const retryAfter = Number(response.headers.get('retry-after'));
          if (response.body.code !== 'GATEWAY.RATE_LIMITED' || !(retryAfter >= 1)) {
            const evidence = `429 without the rate-limit code or Retry-After: ${JSON.stringify(response.body)}`;
            return { status: 429, verdict: { outcome: 'inconclusive', status: 429, evidence } };
          }
          const evidence = `request ${i} of the burst refused, Retry-After ${retryAfter} s`;
          const { correlationId } = response;
          return {
            status: 429,
            verdict: { outcome: 'blocked', status: 429, correlationId, evidence },
          };
        }
        if (response.status >= 500 || response.status === 401) {
          const evidence = `request ${i}: ${JSON.stringify(response.body)}`;
          const verdict = { outcome: 'inconclusive' as const, status: response.status, evidence };
          return { status: response.status, verdict };
        }
        return { status: response.status };
      },
    });
  },
);
