import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimBody } from '../support/claims.js';
import { itemFor, loginCast } from '../support/saga.js';

attack(
  {
    id: 'API1-BOLA-003',
    title: "a tow operator dispatches another company's tow job",
    defense: 'bola',
    owasp: 'API1:2023 Broken Object Level Authorization',
    cwe: 'CWE-639',
    asvs: 'V4.2.1',
    blocked: '404 TOWING.JOB_NOT_FOUND',
    gain: "erin (T-02) dispatches T-01's tow job: dave, re-reading his company's jobs, sees it DISPATCHED",
    auditedBy: 'towing',
    auditAction: 'authz.denied',
    attacker: 'erin',
  },
  async () => {
    const cast = await loginCast();
    // A Texas loss: T-01 (dave) gets the job; erin works for T-02.
    const filed = await call<{ id: string; code?: string }>('POST', '/api/claims', {
      token: cast.alice,
      body: claimBody(),
    });
    const job = await itemFor(cast.dave, '/api/towing/jobs', filed.body.id);
    const moved = await call<{ id?: string; status?: string; code?: string }>(
      'POST',
      `/api/towing/jobs/${job.id}/dispatch`,
      { token: cast.erin },
    );
    // The job as its own company sees it afterwards: the write is what was stored, not the echo.
    const stored = await itemFor(cast.dave, '/api/towing/jobs', filed.body.id);
    if (moved.status === 200 && stored.status === 'DISPATCHED') {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `erin (T-02) dispatched T-01's job: dave now sees it ${stored.status}`,
      };
    }
    if (
      moved.status === 404 &&
      moved.body.code === 'TOWING.JOB_NOT_FOUND' &&
      stored.status === job.status
    ) {
      return {
        outcome: 'blocked',
        status: 404,
        correlationId: moved.correlationId,
        evidence: `not found for T-02; dave still sees the job ${stored.status}`,
      };
    }
    return { outcome: 'inconclusive', status: moved.status, evidence: JSON.stringify(moved.body) };
  },
);
