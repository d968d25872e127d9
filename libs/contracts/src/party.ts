import { z } from 'zod';

/** The kinds of party a person acts for (DESIGN.md "Personas"). */
export const PARTY_KINDS = [
  'member',
  'adjuster',
  'service_rep',
  'tow_operator',
  'repair_shop',
  'rental_agent',
  'instructor',
] as const;

export const PartyKindSchema = z.enum(PARTY_KINDS);
export type PartyKind = z.infer<typeof PartyKindSchema>;

/**
 * Who a person acts for: a member number, an employee id, or a company id (T-01, S-01, R-01).
 * @example { kind: 'tow_operator', id: 'T-01' }
 */
export const PartySchema = z.strictObject({
  kind: PartyKindSchema,
  id: z.string().min(1).max(64),
});
export type Party = z.infer<typeof PartySchema>;
