import type { Transaction } from './transaction.js';

/** Who decides claims: picks the adjuster an estimate goes to. */
export abstract class AdjusterDirectory {
  /** The active adjuster with the fewest claims waiting for a decision; undefined when none. */
  abstract pickForEstimate(tx: Transaction): Promise<string | undefined>;
}
