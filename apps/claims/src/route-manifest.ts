import { RouteManifestSchema, type RouteManifest } from '@claimguard/contracts';
import { SERVICE_NAME } from './service-name.js';

/**
 * The routes this service offers through the gateway, with the scopes each needs. The gateway
 * routes nothing else; route-manifest.spec.ts keeps this list and the controllers' `@RequireScopes`
 * in step.
 */
export const CLAIMS_ROUTE_MANIFEST: RouteManifest = RouteManifestSchema.parse({
  service: SERVICE_NAME,
  version: 1,
  routes: [
    {
      method: 'POST',
      path: '/claims',
      scopes: ['claims:write'],
      summary: 'File a claim (members)',
    },
    {
      method: 'GET',
      path: '/claims',
      scopes: ['claims:read'],
      summary: "List the caller's claims",
    },
    { method: 'GET', path: '/claims/:id', scopes: ['claims:read'], summary: 'Read one claim' },
  ],
});
