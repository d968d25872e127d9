import { z } from 'zod';

/** A collision shop's party id, e.g. `S-01`. */
export const SHOP_ID = /^S-\d{2}$/;

/** `POST /claims/:id/consents` body: the shop that may see the member's contact details. */
export const GrantConsentBodySchema = z.strictObject({
  shopId: z.string().regex(SHOP_ID, 'a shop id like S-01'),
});
export type GrantConsentBody = z.infer<typeof GrantConsentBodySchema>;
