/** A rental agency and the states it rents cars in (reference data, seeded by a migration). */
export interface RentalAgency {
  /** The agency's party id, e.g. `R-01`: what its rental agents' party tokens carry. */
  readonly id: string;
  readonly name: string;
  /** Two-letter state codes, upper case. */
  readonly serviceStates: readonly string[];
}
