import { z } from 'zod';
import type { ClaimCoverage } from '../../ports/claim-coverage.port.js';

/**
 * Most days one reservation may be confirmed for: an agency's rule, not claims'. Claims may cover
 * a longer rental (up to a year for a total loss, asked for by the member); a reservation beyond
 * 30 days is a new contract, never an extension of this one.
 */
export const MAX_COVERED_DAYS = 30;

/**
 * Rental's own contract for claims' coverage answer (defense `upstream-validation`, OWASP
 * API10:2023): the right claim, a boolean, whole days within 0..MAX_COVERED_DAYS. Unknown fields
 * are dropped (zod's default), never stored.
 */
export const CoverageAnswerSchema = z.object({
  claimId: z.uuid(),
  rentalCovered: z.boolean(),
  rentalDays: z.number().int().min(0).max(MAX_COVERED_DAYS),
});

/**
 * Claims' answer as rental accepts it, or why not. Claims is trusted to say who is covered, not to
 * respect rental's limits: its answer passes through data a member typed (the requested days).
 * @example acceptCoverage({ claimId, rentalCovered: true, rentalDays: 365 }, claimId) // { problem: 'rentalDays: …' }
 */
export function acceptCoverage(
  answer: unknown,
  claimId: string,
): { coverage: ClaimCoverage } | { problem: string } {
  const parsed = CoverageAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    return {
      problem: parsed.error.issues
        .map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`)
        .join('; '),
    };
  }
  if (parsed.data.claimId !== claimId.toLowerCase()) {
    return { problem: 'claimId: coverage of another claim' };
  }
  return { coverage: parsed.data };
}
