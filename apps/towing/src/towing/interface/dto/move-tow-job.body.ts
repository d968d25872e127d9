import { z } from 'zod';

/**
 * Body of `POST /towing/jobs/:id/dispatch` and `…/pick-up`: none, or `{}`. Strict (the
 * `mass-assignment` defense): `{"status": "DELIVERED"}` or any other field is a 400, never bound to
 * the job. What the job becomes is the route's business, not the body's.
 */
export const NoMoveBodySchema = z.strictObject({}).optional();
export type NoMoveBody = z.infer<typeof NoMoveBodySchema>;

/**
 * Body of `POST /towing/jobs/:id/deliver`: the partner shop the car was left at. Strict; whether
 * the shop is a partner is the handler's question (422 `TOWING.UNKNOWN_SHOP`).
 */
export const DeliverTowJobBodySchema = z.strictObject({
  shopId: z.string().min(1).max(64),
});
export type DeliverTowJobBody = z.infer<typeof DeliverTowJobBodySchema>;
