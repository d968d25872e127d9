/** Rows of the estimate form; blank rows are skipped. */
export const ESTIMATE_ROWS = 5;
