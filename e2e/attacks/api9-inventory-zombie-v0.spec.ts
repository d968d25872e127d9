import { randomInt } from 'node:crypto';
import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimBody } from '../support/claims.js';
import { login } from '../support/personas.js';
import { itemFor } from '../support/saga.js';

/**
 * Towing still deploys the v0 routes of a retired dispatch-partner integration
 * (apps/towing/src/towing/interface/legacy-v0.controller.ts): they need a party token and
 * `towing:read`, but predate the company filter and the object-level policy, and no route manifest
 * lists them. With `inventory` on the gateway routes manifest routes only: 404
 * `GATEWAY.ROUTE_NOT_FOUND`, audited. With it off the gateway forwards any path under a known
 * service prefix, so the zombie answers.
 */

interface Job {
  id: string;
  claimId: string;
  companyId: string | null;
}

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A VIN of its own for every filing, so no other rule (duplicate claims) interferes. */
function freshVin(): string {
  return Array.from({ length: 17 }, () => VIN_CHARS[randomInt(VIN_CHARS.length)]).join('');
}

/** alice files a claim with a tow in Texas: the job lands at T-01 (dave's company), never T-02. */
async function jobAtT01(): Promise<{ job: Job; erin: string }> {
  const [alice, dave, erin] = await Promise.all([
    login('alice', 'claims:read claims:write'),
    login('dave', 'towing:read'),
    login('erin', 'towing:read'),
  ]);
  const filed = await call<{ id: string }>('POST', '/api/claims', {
    token: alice,
    body: claimBody({ vehicle: { vin: freshVin(), make: 'Honda', model: 'Accord', year: 2021 } }),
  });
  if (filed.status !== 201) throw new Error(`filing failed: ${JSON.stringify(filed.body)}`);
  const job = (await itemFor(dave, '/api/towing/jobs', filed.body.id)) as unknown as Job;
  return { job, erin };
}

function notRouted(
  status: number,
  body: { code?: string },
  correlationId: string | null,
  path: string,
) {
  if (status === 404 && body.code === 'GATEWAY.ROUTE_NOT_FOUND') {
    return {
      outcome: 'blocked' as const,
      status,
      correlationId,
      evidence: `${path} is in no route manifest: the gateway does not route it`,
    };
  }
  return undefined;
}

attack(
  {
    id: 'API9-INVENTORY-001',
    title: "a zombie v0 export route hands a tow operator every company's jobs",
    defense: 'inventory',
    owasp: 'API9:2023 Improper Inventory Management',
    cwe: 'CWE-1059',
    asvs: 'V1.1.2',
    blocked: '404 GATEWAY.ROUTE_NOT_FOUND',
    gain: "erin (T-02) exports other companies' jobs through v0: T-01's job, filed for the run, is on the list",
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    attacker: 'erin',
  },
  async () => {
    const { job, erin } = await jobAtT01();
    const path = '/api/towing/v0/jobs/export';
    const exported = await call<{ items?: Job[]; code?: string }>('GET', path, { token: erin });
    const blocked = notRouted(exported.status, exported.body, exported.correlationId, path);
    if (blocked) return blocked;
    const foreign = exported.body.items?.filter((j) => j.companyId !== 'T-02') ?? [];
    if (exported.status === 200 && foreign.some((j) => j.id === job.id)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `erin (T-02) exported ${foreign.length} jobs of other companies, T-01's job ${job.id} of claim ${job.claimId} among them`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: exported.status,
      evidence: JSON.stringify(exported.body).slice(0, 300),
    };
  },
);

attack(
  {
    id: 'API9-INVENTORY-002',
    title:
      "an old v0 read route, without v1's object-level check, serves another company's tow job",
    defense: 'inventory',
    owasp: 'API9:2023 Improper Inventory Management',
    cwe: 'CWE-639',
    asvs: 'V1.1.2',
    blocked: '404 GATEWAY.ROUTE_NOT_FOUND',
    gain: "erin (T-02) reads T-01's job through v0: its id and companyId T-01 come back (while v1 answers 404)",
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    attacker: 'erin',
  },
  async () => {
    const { job, erin } = await jobAtT01();
    // The published v1 route refuses erin (bola): the attacker goes back a version.
    const v1 = await call<{ code?: string }>('GET', `/api/towing/jobs/${job.id}`, { token: erin });
    if (v1.status !== 404) {
      return {
        outcome: 'inconclusive',
        status: v1.status,
        evidence: `v1 should refuse erin: ${JSON.stringify(v1.body)}`,
      };
    }
    const path = `/api/towing/v0/jobs/${job.id}`;
    const read = await call<Job & { code?: string }>('GET', path, { token: erin });
    const blocked = notRouted(read.status, read.body, read.correlationId, path);
    if (blocked) return blocked;
    if (read.status === 200 && read.body.id === job.id && read.body.companyId === 'T-01') {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `erin (T-02) read T-01's job ${job.id} (claim ${job.claimId}) through v0 while v1 answers 404`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: read.status,
      evidence: JSON.stringify(read.body).slice(0, 300),
    };
  },
);
