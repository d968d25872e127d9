import { RouteManifestSchema, type RouteManifest } from '@claimguard/contracts';
import { SERVICE_NAME } from './service-name.js';

/**
 * The routes this service offers through the gateway, with the scopes each needs. The gateway
 * routes nothing else; route-manifest.spec.ts keeps this list and the controllers' `@RequireScopes`
 * in step.
 */
export const REPAIR_ROUTE_MANIFEST: RouteManifest = RouteManifestSchema.parse({
  service: SERVICE_NAME,
  version: 1,
  routes: [
    {
      method: 'GET',
      path: '/repair/orders',
      scopes: ['repair:read'],
      summary: "List the caller's shop's repair orders (repair shops)",
    },
    {
      method: 'GET',
      path: '/repair/orders/:id',
      scopes: ['repair:read'],
      summary: 'Read one repair order',
    },
    {
      method: 'POST',
      path: '/repair/orders/:id/estimate',
      scopes: ['repair:write'],
      summary: 'Submit the estimate of an open repair order (its shop)',
    },
    {
      method: 'POST',
      path: '/repair/orders/:id/complete',
      scopes: ['repair:write'],
      summary: 'Complete an approved repair (its shop)',
    },
  ],
});
