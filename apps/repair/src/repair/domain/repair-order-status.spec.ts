import { describe, expect, it } from 'vitest';
import {
  hasPassed,
  isLegalMove,
  REPAIR_ORDER_STATUSES,
  type RepairOrderStatus,
} from './repair-order-status.js';

const LEGAL: [RepairOrderStatus, RepairOrderStatus][] = [
  ['OPEN', 'ESTIMATE_SUBMITTED'],
  ['ESTIMATE_SUBMITTED', 'APPROVED'],
  ['ESTIMATE_SUBMITTED', 'DENIED'],
  ['APPROVED', 'COMPLETED'],
];

describe('repair order moves', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(isLegalMove(from, to)).toBe(true);
  });

  it('allows no other move, staying put included', () => {
    for (const from of REPAIR_ORDER_STATUSES) {
      for (const to of REPAIR_ORDER_STATUSES) {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        expect(isLegalMove(from, to), `${from} → ${to}`).toBe(legal);
      }
    }
  });

  it.each([
    ['APPROVED', 'APPROVED'],
    ['COMPLETED', 'APPROVED'],
    ['COMPLETED', 'ESTIMATE_SUBMITTED'],
    ['DENIED', 'DENIED'],
    ['DENIED', 'ESTIMATE_SUBMITTED'],
    ['ESTIMATE_SUBMITTED', 'OPEN'],
  ] as const)('knows that %s has passed %s', (current, target) => {
    expect(hasPassed(current, target)).toBe(true);
  });

  it.each([
    ['DENIED', 'APPROVED'],
    ['APPROVED', 'DENIED'],
    ['COMPLETED', 'DENIED'],
    ['OPEN', 'APPROVED'],
    ['ESTIMATE_SUBMITTED', 'COMPLETED'],
  ] as const)('knows that %s has not passed %s', (current, target) => {
    expect(hasPassed(current, target)).toBe(false);
  });
});
