import { RouteManifestSchema, type RouteManifest } from '@claimguard/contracts';
import { SERVICE_NAME } from './service-name.js';

/**
 * The routes this service offers through the gateway, with the scopes each needs. The gateway
 * routes nothing else; route-manifest.spec.ts keeps this list and the controllers' `@RequireScopes`
 * in step.
 */
export const TOWING_ROUTE_MANIFEST: RouteManifest = RouteManifestSchema.parse({
  service: SERVICE_NAME,
  version: 1,
  routes: [
    {
      method: 'GET',
      path: '/towing/jobs',
      scopes: ['towing:read'],
      summary: "List the caller's company's tow jobs (tow operators)",
    },
    {
      method: 'GET',
      path: '/towing/jobs/:id',
      scopes: ['towing:read'],
      summary: 'Read one tow job',
    },
    {
      method: 'POST',
      path: '/towing/jobs/:id/dispatch',
      scopes: ['towing:write'],
      summary: "Dispatch a truck for one of the caller's company's jobs (ASSIGNED → DISPATCHED)",
    },
    {
      method: 'POST',
      path: '/towing/jobs/:id/pick-up',
      scopes: ['towing:write'],
      summary: 'Record that the car is on the truck (DISPATCHED → PICKED_UP)',
    },
    {
      method: 'POST',
      path: '/towing/jobs/:id/deliver',
      scopes: ['towing:write'],
      summary: 'Deliver the car to a partner shop, body {shopId} (PICKED_UP → DELIVERED)',
    },
  ],
});
