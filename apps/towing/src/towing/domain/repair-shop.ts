/** A partner collision shop a tow job may be delivered to (reference data, seeded by a migration). */
export interface RepairShop {
  /** The shop's party id, e.g. `S-01`: what its people's party tokens carry. */
  readonly id: string;
  readonly name: string;
}
