import { z } from 'zod';
import { CORRELATION_HEADER, ErrorBodySchema } from '@claimguard/contracts';
import { config } from '../../config';
import type { Session } from '../session/session-cookie';
import { stepUpOf, type GatewayError } from './gateway-error';
import {
  AcceptedSchema,
  ClaimViewSchema,
  DefensesViewSchema,
  itemsOf,
  RedactedClaimViewSchema,
  RepairOrderViewSchema,
  ReservationViewSchema,
  ScoreboardViewSchema,
  TimelineViewSchema,
  TowJobViewSchema,
  TrainingStatusViewSchema,
  type ClaimView,
  type DefensesView,
  type RedactedClaimView,
  type RepairOrderView,
  type ReservationView,
  type ScoreboardView,
  type TimelineView,
  type TowJobView,
  type TrainingStatusView,
} from './gateway-types';

/** What every gateway call returns: data, or the gateway's error; it never throws on HTTP status. */
export type GatewayResult<T> =
  { ok: true; status: number; data: T } | { ok: false; error: GatewayError };

/** The body of `POST /api/claims` (claims' strict `FileClaimBody`). */
export interface FileClaimInput {
  vehicle: { vin: string; make: string; model: string; year: number };
  lossDate: string;
  location: { street?: string; city: string; state: string; postalCode: string };
  description: string;
  needsTow: boolean;
  needsRental: boolean;
  contactPhone?: string;
}

/** The body of `POST /api/claims/:id/decision`. */
export type DecisionInput =
  { decision: 'APPROVE'; payoutCents: number } | { decision: 'DENY'; reason: string };

/** Tow job moves, each its own route (`POST /api/towing/jobs/:id/<move>`). */
export type TowMove = 'dispatch' | 'pick-up' | 'deliver';

const TIMEOUT_MS = 10_000;

/**
 * One call to the gateway — the only API this app talks to — with the session's opaque access
 * token. Server-side only: the token never reaches the browser.
 */
async function call<T>(
  session: Session | undefined,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<GatewayResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${config().GATEWAY_URL}${path}`, {
      method,
      headers,
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return unavailable('the gateway did not answer');
  }
  const correlationId = response.headers.get(CORRELATION_HEADER) ?? undefined;
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ErrorBodySchema.safeParse(json);
    const stepUp =
      response.status === 401 ? stepUpOf(response.headers.get('www-authenticate')) : undefined;
    return {
      ok: false,
      error: parsed.success
        ? { status: response.status, ...parsed.data, ...(stepUp ? { stepUp } : {}) }
        : {
            status: response.status,
            code: response.status === 401 ? 'AUTH.TOKEN_INVALID' : 'INTERNAL',
            message: `HTTP ${response.status}`,
            ...(correlationId ? { correlationId } : {}),
          },
    };
  }
  const data = schema.safeParse(json);
  if (!data.success)
    return unavailable('the gateway answered in an unexpected shape', correlationId);
  return { ok: true, status: response.status, data: data.data };
}

function unavailable(message: string, correlationId?: string): GatewayResult<never> {
  return {
    ok: false,
    error: {
      status: 503,
      code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
      message,
      ...(correlationId ? { correlationId } : {}),
    },
  };
}

const encode = encodeURIComponent;

/**
 * The gateway's routes this app uses, typed. Add a route here, next to its siblings, when a
 * service publishes it in its route manifest.
 * @example const claims = await gateway(session).listClaims();
 */
export function gateway(session: Session | undefined) {
  return {
    /** `GET /api/_meta/defenses` (public): which defenses are off for a training run. */
    defenses: (): Promise<GatewayResult<DefensesView>> =>
      call(undefined, 'GET', '/api/_meta/defenses', DefensesViewSchema),

    /** `POST /api/claims` (member, claims:write). */
    fileClaim: (input: FileClaimInput): Promise<GatewayResult<ClaimView>> =>
      call(session, 'POST', '/api/claims', ClaimViewSchema, input),
    /** `GET /api/claims` (member: their own claims). */
    listClaims: (): Promise<GatewayResult<{ items: ClaimView[] }>> =>
      call(session, 'GET', '/api/claims', itemsOf(ClaimViewSchema)),
    /** `GET /api/claims/:id`. */
    getClaim: (id: string): Promise<GatewayResult<ClaimView>> =>
      call(session, 'GET', `/api/claims/${encode(id)}`, ClaimViewSchema),
    /** `GET /api/claims/:id` as a service rep sees it (redacted). */
    getRedactedClaim: (id: string): Promise<GatewayResult<RedactedClaimView>> =>
      call(session, 'GET', `/api/claims/${encode(id)}`, RedactedClaimViewSchema),
    /** `GET /api/claims/:id/timeline` (member: own; adjuster: assigned; service rep: any). */
    getTimeline: (id: string): Promise<GatewayResult<TimelineView>> =>
      call(session, 'GET', `/api/claims/${encode(id)}/timeline`, TimelineViewSchema),
    /** `POST /api/claims/:id/decision` (the assigned adjuster). */
    decideClaim: (id: string, input: DecisionInput): Promise<GatewayResult<unknown>> =>
      call(session, 'POST', `/api/claims/${encode(id)}/decision`, AcceptedSchema, input),
    /** `POST /api/claims/:id/settle` (the assigned adjuster, after the repair). */
    settleClaim: (id: string): Promise<GatewayResult<unknown>> =>
      call(session, 'POST', `/api/claims/${encode(id)}/settle`, AcceptedSchema),
    /** `POST /api/claims/:id/consents` (member: let a shop see the contact phone). */
    grantConsent: (id: string, shopId: string): Promise<GatewayResult<unknown>> =>
      call(session, 'POST', `/api/claims/${encode(id)}/consents`, AcceptedSchema, { shopId }),
    /** `DELETE /api/claims/:id/consents/:shopId` (member). */
    revokeConsent: (id: string, shopId: string): Promise<GatewayResult<unknown>> =>
      call(
        session,
        'DELETE',
        `/api/claims/${encode(id)}/consents/${encode(shopId)}`,
        AcceptedSchema,
      ),
    /** `GET /api/claims/:id/contact` (the shop holding the car, while the member consents). */
    getContact: (id: string): Promise<GatewayResult<{ phone: string | null }>> =>
      call(
        session,
        'GET',
        `/api/claims/${encode(id)}/contact`,
        z.object({ phone: z.string().nullable() }),
      ),

    /** `GET /api/towing/jobs` (tow operator: their company's jobs). */
    listTowJobs: (): Promise<GatewayResult<{ items: TowJobView[] }>> =>
      call(session, 'GET', '/api/towing/jobs', itemsOf(TowJobViewSchema)),
    /** `GET /api/towing/jobs/:id`. */
    getTowJob: (id: string): Promise<GatewayResult<TowJobView>> =>
      call(session, 'GET', `/api/towing/jobs/${encode(id)}`, TowJobViewSchema),
    /** `POST /api/towing/jobs/:id/{dispatch,pick-up,deliver}` (tow operator, own company). */
    moveTowJob: (id: string, move: TowMove, shopId?: string): Promise<GatewayResult<unknown>> =>
      call(
        session,
        'POST',
        `/api/towing/jobs/${encode(id)}/${move}`,
        AcceptedSchema,
        move === 'deliver' ? { shopId } : undefined,
      ),

    /** `GET /api/repair/orders` (shop: own orders). */
    listRepairOrders: (): Promise<GatewayResult<{ items: RepairOrderView[] }>> =>
      call(session, 'GET', '/api/repair/orders', itemsOf(RepairOrderViewSchema)),
    /** `GET /api/repair/orders/:id`. */
    getRepairOrder: (id: string): Promise<GatewayResult<RepairOrderView>> =>
      call(session, 'GET', `/api/repair/orders/${encode(id)}`, RepairOrderViewSchema),
    /** `POST /api/repair/orders/:id/estimate` (shop, own order). */
    submitEstimate: (
      id: string,
      lineItems: { description: string; amountCents: number }[],
    ): Promise<GatewayResult<unknown>> =>
      call(session, 'POST', `/api/repair/orders/${encode(id)}/estimate`, AcceptedSchema, {
        lineItems,
      }),
    /** `POST /api/repair/orders/:id/complete` (shop, once approved). */
    completeRepair: (id: string): Promise<GatewayResult<unknown>> =>
      call(session, 'POST', `/api/repair/orders/${encode(id)}/complete`, AcceptedSchema),

    /** `GET /api/rental/reservations` (member: their own; rental agent: their agency's). */
    listReservations: (): Promise<GatewayResult<{ items: ReservationView[] }>> =>
      call(session, 'GET', '/api/rental/reservations', itemsOf(ReservationViewSchema)),
    /** `GET /api/rental/reservations/:id`. */
    getReservation: (id: string): Promise<GatewayResult<ReservationView>> =>
      call(session, 'GET', `/api/rental/reservations/${encode(id)}`, ReservationViewSchema),
    /** `POST /api/rental/reservations/:id/confirm` (rental agent, own agency's; empty body). */
    confirmReservation: (id: string): Promise<GatewayResult<ReservationView>> =>
      call(
        session,
        'POST',
        `/api/rental/reservations/${encode(id)}/confirm`,
        ReservationViewSchema,
        {},
      ),

    /** `GET /api/_training/status` (instructor: training:switch, MFA sign-in). */
    trainingStatus: (): Promise<GatewayResult<TrainingStatusView>> =>
      call(session, 'GET', '/api/_training/status', TrainingStatusViewSchema),
    /** `PUT /api/_training/defenses/:id` (instructor): turns one switchable defense on or off. */
    switchDefense: (id: string, on: boolean): Promise<GatewayResult<TrainingStatusView>> =>
      call(session, 'PUT', `/api/_training/defenses/${encode(id)}`, TrainingStatusViewSchema, {
        on,
      }),
    /**
     * `POST /api/_training/reset` (instructor): every defense on, the scoreboard cleared, every
     * service's workshop data emptied.
     */
    resetWorkshop: (): Promise<GatewayResult<TrainingStatusView>> =>
      call(session, 'POST', '/api/_training/reset', TrainingStatusViewSchema),
    /** `GET /api/_training/scoreboard` (instructor): who got past which defense, best first. */
    scoreboard: (): Promise<GatewayResult<ScoreboardView>> =>
      call(session, 'GET', '/api/_training/scoreboard', ScoreboardViewSchema),
  };
}
