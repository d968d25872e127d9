import { z } from 'zod';
import { PartySchema } from './party.js';

/**
 * The RFC 7662 introspection answer the gateway relies on. Identity adds `party` (and, once MFA
 * lands, `acr`/`amr`/`auth_time`) as extra token claims; an inactive token is only `{active:false}`.
 */
export const IntrospectionSchema = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    sub: z.string(),
    client_id: z.string(),
    scope: z.string().default(''),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    iss: z.string().optional(),
    exp: z.number().int(),
    iat: z.number().int().optional(),
    token_type: z.string().optional(),
    party: PartySchema,
    acr: z.string().optional(),
    amr: z.array(z.string()).optional(),
    auth_time: z.number().int().optional(),
  }),
]);
export type Introspection = z.infer<typeof IntrospectionSchema>;
export type ActiveIntrospection = Extract<Introspection, { active: true }>;
