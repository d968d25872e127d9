import { RouteManifestSchema, type RouteManifest } from '@claimguard/contracts';
import { SERVICE_NAME } from './service-name.js';

/**
 * The routes this service offers through the gateway, with the scopes each needs. The gateway
 * routes nothing else; route-manifest.spec.ts keeps this list and the controllers' `@RequireScopes`
 * in step.
 */
export const RENTAL_ROUTE_MANIFEST: RouteManifest = RouteManifestSchema.parse({
  service: SERVICE_NAME,
  version: 1,
  routes: [
    {
      method: 'GET',
      path: '/rental/reservations',
      scopes: ['rental:read'],
      summary: "List the caller's reservations (members: their own; rental agents: their agency's)",
    },
    {
      method: 'GET',
      path: '/rental/reservations/:id',
      scopes: ['rental:read'],
      summary: 'Read one reservation',
    },
    {
      method: 'POST',
      path: '/rental/reservations/:id/confirm',
      scopes: ['rental:write'],
      summary: "Confirm a requested reservation (rental agents, own agency's)",
    },
  ],
});
