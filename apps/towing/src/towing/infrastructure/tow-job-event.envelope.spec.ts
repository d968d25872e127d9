import { describe, expect, it } from 'vitest';
import { EventEnvelopeSchema } from '@claimguard/contracts';
import type { TowJobEvent } from '../domain/tow-job.events.js';
import { toEnvelope } from './tow-job-event.envelope.js';

const JOB_ID = '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e';
const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';
const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const moved = { jobId: JOB_ID, claimId: CLAIM_ID, companyId: 'T-01' };

describe('toEnvelope', () => {
  it.each<TowJobEvent>([
    { type: 'TowJobCreated', version: 1, jobId: JOB_ID, data: { ...moved, companyId: null } },
    { type: 'TowJobDispatched', version: 1, jobId: JOB_ID, data: moved },
    { type: 'VehiclePickedUp', version: 1, jobId: JOB_ID, data: moved },
    { type: 'VehicleDelivered', version: 1, jobId: JOB_ID, data: { ...moved, shopId: 'S-01' } },
  ])('wraps $type from towing, subject the job, data as the catalog wants it', (event) => {
    const envelope = toEnvelope(event, { correlationId: CORRELATION });
    expect(EventEnvelopeSchema.parse(envelope)).toMatchObject({
      type: event.type,
      version: 1,
      source: 'towing',
      subject: JOB_ID,
      correlationId: CORRELATION,
      data: event.data,
    });
    expect(envelope).not.toHaveProperty('causationId');
    expect(envelope).not.toHaveProperty('actor');
  });

  it('names the causing event and the acting party when the context has them', () => {
    const actor = { sub: 'sub-dave', party: { kind: 'tow_operator' as const, id: 'T-01' } };
    const causationId = '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b';
    const envelope = toEnvelope(
      { type: 'TowJobDispatched', version: 1, jobId: JOB_ID, data: moved },
      { correlationId: CORRELATION, causationId, actor },
    );
    expect(envelope).toMatchObject({ causationId, actor });
  });

  it('picks the schema by type: data valid for another type is refused', () => {
    // Valid TowJobDispatched data, but VehicleDelivered needs the shop.
    const wrong = { type: 'VehicleDelivered', version: 1, jobId: JOB_ID, data: moved };
    expect(() => toEnvelope(wrong as TowJobEvent, { correlationId: CORRELATION })).toThrow(
      /VehicleDelivered v1 data is invalid at shopId/,
    );
    const extra = {
      type: 'TowJobDispatched',
      version: 1,
      jobId: JOB_ID,
      data: { ...moved, shopId: 'S-01' },
    };
    expect(() => toEnvelope(extra as TowJobEvent, { correlationId: CORRELATION })).toThrow(
      /TowJobDispatched v1 data is invalid/,
    );
  });
});
