import { z } from 'zod';

/** `TowJobCreated` v1: towing opened a job for a claim and assigned it to a tow company. */
export const TowJobCreatedV1Schema = z.strictObject({
  jobId: z.uuid(),
  claimId: z.uuid(),
  companyId: z.string().nullable(),
});
export type TowJobCreatedV1 = z.infer<typeof TowJobCreatedV1Schema>;

export const TOWING_EVENT_TYPES = { TowJobCreated: 'TowJobCreated' } as const;
