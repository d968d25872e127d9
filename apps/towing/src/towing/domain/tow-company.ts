/** A tow company and the states it picks up in (reference data, seeded by a migration). */
export interface TowCompany {
  /** The company's party id, e.g. `T-01`: what its tow operators' party tokens carry. */
  readonly id: string;
  readonly name: string;
  /** Two-letter state codes, upper case. */
  readonly serviceStates: readonly string[];
}
