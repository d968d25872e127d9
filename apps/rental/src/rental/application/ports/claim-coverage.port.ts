/** What claims answers about a claim's rental cover. */
export interface ClaimCoverage {
  claimId: string;
  rentalCovered: boolean;
  rentalDays: number;
}

/**
 * Claims' answer as it arrived (JSON parsed, nothing else checked). The use case decides what of
 * it to accept (`acceptCoverage`, defense `upstream-validation`).
 */
export type CoverageAnswer = unknown;

/**
 * Asks claims whether a claim covers a rental, on behalf of the person whose party token rental
 * holds (token exchange at identity, then an mTLS call to claims).
 * @throws DomainError `RENTAL.COVERAGE_UNAVAILABLE` (503) when identity or claims does not answer.
 */
export abstract class ClaimCoverageGateway {
  abstract coverageFor(
    claimId: string,
    partyToken: string,
    correlationId: string,
  ): Promise<CoverageAnswer>;
}
