import { expect } from '@playwright/test';
import { randomVin } from '@claimguard/testing';
import { call } from './api.js';

/**
 * A valid claim body: a collision in Texas (served by tow company T-01), each time with another car
 * (claims refuses a second claim for the same vehicle and loss date: defense `business-flow`).
 */
export function claimBody(overrides: Record<string, unknown> = {}) {
  const lossDate = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2021 },
    lossDate,
    location: { street: '100 Congress Ave', city: 'Austin', state: 'TX', postalCode: '78701' },
    description: 'Rear-ended at a red light; the trunk does not close.',
    needsTow: true,
    needsRental: false,
    ...overrides,
  };
}

/** Files a claim through the gateway as the holder of `token` and returns its id. */
export async function fileClaim(
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await call<{ id: string }>('POST', '/api/claims', {
    token,
    body: claimBody(overrides),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}
