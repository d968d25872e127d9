import { describe, expect, it } from 'vitest';
import { createEnvelope } from '@claimguard/messaging';
import { timelineEntryOf } from './claim-timeline.projection.js';

const CLAIM = '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d';

describe('timelineEntryOf', () => {
  it('turns an event about a claim into a dated entry in plain words', () => {
    const envelope = createEnvelope({
      type: 'EstimateSubmitted',
      version: 1,
      source: 'repair',
      subject: 'order-1',
      data: { claimId: CLAIM, totalCents: 125_050 },
    });
    expect(timelineEntryOf(envelope)).toEqual({
      eventId: envelope.id,
      claimId: CLAIM,
      type: 'EstimateSubmitted',
      source: 'repair',
      occurredAt: new Date(envelope.time),
      summary: 'Estimate submitted: $1,250.50',
      redactedSummary: 'Estimate submitted',
    });
  });

  it('keeps amounts out of the redacted words of every event that has one', () => {
    for (const [type, data] of [
      ['EstimateSubmitted', { totalCents: 125_050 }],
      ['ClaimApproved', { payoutCents: 99_000 }],
      ['ClaimSettled', { payoutCents: 99_000 }],
    ] as const) {
      const entry = timelineEntryOf(
        createEnvelope({
          type,
          version: 1,
          source: 'claims',
          subject: CLAIM,
          data: { claimId: CLAIM, ...data },
        }),
      );
      expect(entry?.summary).toMatch(/\$/);
      expect(entry?.redactedSummary).not.toMatch(/\$|\d/);
    }
  });

  it('keeps personal data out of the words', () => {
    const filed = createEnvelope({
      type: 'ClaimFiled',
      version: 1,
      source: 'claims',
      subject: CLAIM,
      data: {
        claimId: CLAIM,
        memberId: 'M-100001',
        vehicle: { vin: '1HGCM82633A004352' },
        needsTow: true,
      },
    });
    const entry = timelineEntryOf(filed);
    expect(entry?.summary).toBe('Claim filed, tow requested');
    expect(JSON.stringify(entry)).not.toMatch(/M-100001|1HGCM/);
  });

  it('records an event type it has no words for under its type, and skips events about no claim', () => {
    const unknown = createEnvelope({
      type: 'SomethingNew',
      version: 1,
      source: 'towing',
      subject: 'x',
      data: { claimId: CLAIM },
    });
    expect(timelineEntryOf(unknown)?.summary).toBe('SomethingNew');
    const aboutNoClaim = createEnvelope({
      type: 'UserDisabled',
      version: 1,
      source: 'identity',
      subject: 'u1',
      data: { userId: 'u1' },
    });
    expect(timelineEntryOf(aboutNoClaim)).toBeUndefined();
  });
});
