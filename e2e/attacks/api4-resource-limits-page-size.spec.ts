import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { login } from '../support/personas.js';

/**
 * One request asks a list route for a page far above the cap (default 20, at most 100: defense
 * `resource-limits`, libs/service-kit pageLimit). With the defense on the service answers 400
 * `REQUEST.VALIDATION_FAILED` naming `limit` and audits it; with it off the size is honoured and
 * the database, the service and the gateway read, hold and serialize whatever the page asks for.
 * The answer states the page size it applied (`limit`), the evidence either way.
 */
const HUGE = 100_000;

async function pageTooLarge(token: string, path: string, owner: string) {
  const page = await call<{
    items?: unknown[];
    limit?: number;
    code?: string;
    details?: { path: string }[];
  }>('GET', `${path}?limit=${HUGE}`, { token });
  if (
    page.status === 400 &&
    page.body.code === 'REQUEST.VALIDATION_FAILED' &&
    page.body.details?.some((d) => d.path === 'limit')
  ) {
    return {
      outcome: 'blocked' as const,
      status: 400,
      correlationId: page.correlationId,
      evidence: `limit=${HUGE} refused: at most 100 per page`,
    };
  }
  if (page.status === 200 && page.body.limit === HUGE && Array.isArray(page.body.items)) {
    return {
      outcome: 'succeeded' as const,
      status: 200,
      evidence: `${owner}'s list served with a page size of ${page.body.limit} (${page.body.items.length} items on hand)`,
    };
  }
  return {
    outcome: 'inconclusive' as const,
    status: page.status,
    evidence: JSON.stringify(page.body).slice(0, 300),
  };
}

attack(
  {
    id: 'API4-RESOURCE-LIMITS-001',
    title: 'a member asks the claims list for 100,000 claims in one page',
    defense: 'resource-limits',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    cwe: 'CWE-770',
    asvs: 'V11.1.4',
    blocked: '400 REQUEST.VALIDATION_FAILED (limit)',
    gain: 'the list answers 200 echoing the huge page size (the echoed limit is trusted; no page of more than 100 items is shown)',
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'bob',
  },
  async () => pageTooLarge(await login('bob', 'claims:read'), '/api/claims', 'bob'),
);

attack(
  {
    id: 'API4-RESOURCE-LIMITS-002',
    title: 'a tow operator asks the tow-job list for 100,000 jobs in one page',
    defense: 'resource-limits',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    cwe: 'CWE-770',
    asvs: 'V11.1.4',
    blocked: '400 REQUEST.VALIDATION_FAILED (limit)',
    gain: 'the list answers 200 echoing the huge page size (the echoed limit is trusted; no page of more than 100 items is shown)',
    auditedBy: 'towing',
    auditAction: 'authz.denied',
    attacker: 'erin',
  },
  async () => pageTooLarge(await login('erin', 'towing:read'), '/api/towing/jobs', 'erin'),
);
