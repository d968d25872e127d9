import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { login } from '../support/personas.js';

/**
 * More than the gateway's per-person limit on an expensive route (`POST /api/claims`,
 * `RATE_LIMIT_EXPENSIVE_PER_USER`: 30 a minute by default, 100 in test stacks — libs/testing
 * stack.ts). Sent as ivan: no other test writes as him, so this attack spends its own budget and
 * never starves another test.
 */
const BURST = 150;

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
    auditedBy: 'gateway',
  },
  async () => {
    const token = await login('ivan', 'claims:read');
    const statuses = new Map<number, number>();
    for (let i = 1; i <= BURST; i++) {
      // An empty body: every request costs the platform authentication and routing, none files.
      const response = await call<{ code?: string }>('POST', '/api/claims', { token, body: {} });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        if (response.body.code !== 'GATEWAY.RATE_LIMITED' || !(retryAfter >= 1)) {
          return {
            outcome: 'inconclusive',
            status: 429,
            evidence: `429 without the rate-limit code or Retry-After: ${JSON.stringify(response.body)}`,
          };
        }
        return {
          outcome: 'blocked',
          status: 429,
          correlationId: response.correlationId,
          evidence: `request ${i} of the burst refused, Retry-After ${retryAfter} s`,
        };
      }
      if (response.status >= 500 || response.status === 401) {
        return {
          outcome: 'inconclusive',
          status: response.status,
          evidence: `request ${i}: ${JSON.stringify(response.body)}`,
        };
      }
    }
    return {
      outcome: 'succeeded',
      status: 200,
      evidence: `all ${BURST} requests were served (${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')})`,
    };
  },
);
