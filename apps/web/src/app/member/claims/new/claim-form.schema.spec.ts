import { describe, expect, it } from 'vitest';
import { fieldOfPath, parseClaimForm } from './claim-form.schema';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

const valid = {
  vin: '1hgcm82633a004352',
  make: 'Honda',
  model: 'Accord',
  year: '2021',
  lossDate: '2026-11-20',
  street: '',
  city: 'Austin',
  state: 'TX',
  postalCode: '78701',
  description: '  Rear-ended at a light  ',
  needsTow: 'on',
};

describe('parseClaimForm', () => {
  it("builds claims' strict body: no unknown or empty optional fields, checkboxes as booleans", () => {
    expect(parseClaimForm(form({ ...valid, memberId: 'M-100002' }))).toEqual({
      ok: true,
      body: {
        vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2021 },
        lossDate: '2026-11-20',
        location: { city: 'Austin', state: 'TX', postalCode: '78701' },
        description: 'Rear-ended at a light',
        needsTow: true,
        needsRental: false,
      },
    });
  });

  it('explains each bad field next to it', () => {
    const result = parseClaimForm(
      form({ ...valid, vin: 'ABC', year: '21', postalCode: '7870', description: ' ', city: '' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'city',
      'description',
      'postalCode',
      'vin',
      'year',
    ]);
    expect(result.errors.vin).toMatch(/17-character VIN/);
  });

  it('sends a phone number only when one is given, and only a US one', () => {
    const withPhone = parseClaimForm(form({ ...valid, contactPhone: ' 512-555-0101 ' }));
    expect(withPhone.ok && withPhone.body.contactPhone).toBe('512-555-0101');
    const wrong = parseClaimForm(form({ ...valid, contactPhone: 'call me' }));
    expect(wrong.ok ? {} : wrong.errors).toHaveProperty('contactPhone');
  });

  it('maps body paths of the service to form fields', () => {
    expect(fieldOfPath('vehicle.vin')).toBe('vin');
    expect(fieldOfPath('lossDate')).toBe('lossDate');
    expect(fieldOfPath('memberId')).toBeUndefined();
  });
});
