import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import { Claim } from '../domain/claim.js';
import { ClaimViews } from './claim-views.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const claim = Claim.file(
  {
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: new Date().toISOString().slice(0, 10),
    location: { street: '1 Alamo Plaza', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    description: 'Rear-ended.',
    needsTow: true,
    needsRental: false,
    contactPhone: '+1-210-555-0101',
  },
  { id: '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d', memberId: 'M-100001', now: new Date() },
).claim.snapshot();
const ivan = partyCaller({ kind: 'service_rep', id: 'E-3001' }, ['claims:read']);
const alice = partyCaller({ kind: 'member', id: 'M-100001' }, ['claims:read']);

function setup(off = '') {
  const log = createLogger('claims-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  return {
    views: new ClaimViews({ defenses: DefenseSwitches.fromSetting(off, 'test') }, log),
    warn,
  };
}

describe('ClaimViews', () => {
  it("redacts the service rep's view: no phone, member id, street, full VIN or description", () => {
    const { views, warn } = setup();
    const view = views.of(claim, ivan, CORRELATION);
    expect(view).toMatchObject({ redacted: true, vehicle: { vinLast4: '4352' } });
    const text = JSON.stringify(view);
    for (const secret of ['555-0101', 'M-100001', 'Alamo', '1HGCM82633A004352', 'Rear-ended']) {
      expect(text).not.toContain(secret);
    }
    // The redaction is audited (defense data-exposure) with who read which claim, and no PII.
    expect(warn).toHaveBeenCalledTimes(1);
    const [line] = warn.mock.calls[0] as [Record<string, unknown>];
    expect(line).toMatchObject({
      audit: true,
      action: 'data.redacted',
      defense: 'data-exposure',
      correlationId: CORRELATION,
      sub: ivan.sub,
    });
    expect(JSON.stringify(line)).not.toContain('555-0101');
  });

  it('gives the member the full view, without the internal member id', () => {
    const { views } = setup('data-exposure');
    expect(views.of(claim, alice, CORRELATION)).not.toHaveProperty('memberId');
  });

  it('answers the stored claim to the service rep while data-exposure is off (training), audited with its sub', () => {
    const { views, warn } = setup('data-exposure');
    expect(views.of(claim, ivan, CORRELATION)).toMatchObject({
      memberId: 'M-100001',
      contactPhone: '+1-210-555-0101',
      location: { street: '1 Alamo Plaza' },
    });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'defense.off',
        defense: 'data-exposure',
        sub: ivan.sub,
        correlationId: CORRELATION,
      }),
      'audit defense.off',
    );
  });

  describe('timeline', () => {
    const entries = [
      {
        eventId: 'e1',
        claimId: claim.id,
        type: 'EstimateSubmitted',
        source: 'repair',
        occurredAt: new Date('2026-12-01T10:00:00Z'),
        summary: 'Estimate submitted: $1,380.00',
        redactedSummary: 'Estimate submitted',
      },
      {
        eventId: 'e2',
        claimId: claim.id,
        type: 'ClaimSettled',
        source: 'claims',
        occurredAt: new Date('2026-12-02T10:00:00Z'),
        summary: 'Settled: $1,380.00 paid',
        // Recorded before redacted words existed.
        redactedSummary: null,
      },
    ];

    it("leaves the amounts out of the service rep's timeline, audited as data.redacted", () => {
      const { views, warn } = setup();
      const items = views.timeline(claim.id, entries, ivan, CORRELATION);
      expect(items.map((i) => i.summary)).toEqual(['Estimate submitted', 'ClaimSettled']);
      expect(JSON.stringify(items)).not.toContain('$');
      expect(warn.mock.calls[0]?.[0]).toMatchObject({
        audit: true,
        action: 'data.redacted',
        defense: 'data-exposure',
        correlationId: CORRELATION,
        resource: `claim:${claim.id}/timeline`,
      });
    });

    it('shows the member the amounts, without an audit line', () => {
      const { views, warn } = setup();
      const items = views.timeline(claim.id, entries, alice, CORRELATION);
      expect(items.map((i) => i.summary)).toEqual([
        'Estimate submitted: $1,380.00',
        'Settled: $1,380.00 paid',
      ]);
      expect(warn).not.toHaveBeenCalled();
    });

    it('shows the service rep the amounts while data-exposure is off (training), audited', () => {
      const { views, warn } = setup('data-exposure');
      const items = views.timeline(claim.id, entries, ivan, CORRELATION);
      expect(items[0]?.summary).toBe('Estimate submitted: $1,380.00');
      expect(warn.mock.calls[0]?.[0]).toMatchObject({
        action: 'defense.off',
        defense: 'data-exposure',
        sub: ivan.sub,
      });
    });
  });
});
