import { z } from 'zod';
import { API_SCOPES } from './scopes.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The manifest method a request's method is looked up under: HEAD is GET (the routers answer HEAD
 * with the GET handler), so it gets exactly that route's scopes and callers — never a default.
 * @example manifestMethod('head') // 'GET'
 */
export function manifestMethod(method: string): string {
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? 'GET' : upper;
}

/**
 * One route a service exposes through the gateway. `path` is the service-side path, which always
 * starts with `/<service>`; `:name` marks a path parameter. The gateway denies anything not listed.
 * @example { method: 'GET', path: '/claims/:id', scopes: ['claims:read'] }
 */
export const RouteSpecSchema = z.strictObject({
  method: z.enum(HTTP_METHODS),
  path: z.string().regex(/^\/[a-z0-9-]+(\/(:[a-zA-Z]+|[a-z0-9-]+))*$/),
  /** All of these scopes are required. */
  scopes: z.array(z.enum(API_SCOPES)).min(1),
  /** The route needs an MFA-backed session (enforced from the identity issue on). */
  mfa: z.boolean().optional(),
  /**
   * The workloads (SPIFFE names of their mTLS certificates) that may call this route; default
   * {@link DEFAULT_CALLERS}. Enforced by the service's caller guard when it listens on mTLS.
   */
  callers: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
    .min(1)
    .optional(),
  /**
   * An east-west route for other services only: the gateway never routes it (404), whatever
   * `callers` says. Such a route names its `callers` explicitly.
   */
  internal: z.boolean().optional(),
  summary: z.string().optional(),
});
export type RouteSpec = z.infer<typeof RouteSpecSchema>;

/** What each service publishes at {@link ROUTE_MANIFEST_PATH}; the gateway routes only what is listed. */
export const RouteManifestSchema = z.strictObject({
  service: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.number().int().positive(),
  routes: z.array(RouteSpecSchema),
});
export type RouteManifest = z.infer<typeof RouteManifestSchema>;

/** Where a service serves its manifest (service-internal, not routed by the gateway). */
export const ROUTE_MANIFEST_PATH = '/.well-known/route-manifest';
/** Liveness/readiness path every process serves. */
export const HEALTH_PATH = '/healthz';

/** Who may call a route that does not say: only the gateway. */
export const DEFAULT_CALLERS: readonly string[] = ['gateway'];
/** Who may call the platform routes (`/healthz`, the route manifest): the gateway and the dev runner's `ops`. */
export const PLATFORM_CALLERS: readonly string[] = ['gateway', 'ops'];
/** The SPIFFE trust domain of ClaimGuard's workload certificates: `spiffe://claimguard.local/<workload>`. */
export const SPIFFE_TRUST_DOMAIN = 'claimguard.local';
