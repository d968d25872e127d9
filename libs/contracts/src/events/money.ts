import { z } from 'zod';

/**
 * An amount of US dollars in whole cents. Integers only: money never travels as a float.
 * The upper bound ($1,000,000) keeps arithmetic far from `Number.MAX_SAFE_INTEGER`.
 * @example CentsSchema.parse(125_000) // $1,250.00
 */
export const CentsSchema = z.number().int().min(0).max(100_000_000);
export type Cents = z.infer<typeof CentsSchema>;
