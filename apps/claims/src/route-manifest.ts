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
    {
      method: 'GET',
      path: '/claims/:id/timeline',
      scopes: ['claims:read'],
      summary: "A claim's timeline: every step any service reported",
    },
    {
      method: 'POST',
      path: '/claims/:id/decision',
      scopes: ['claims:write'],
      // Deciding money needs an MFA login (the gateway answers RFC 9470 otherwise).
      mfa: true,
      summary: 'Approve or deny the estimate (the assigned adjuster)',
    },
    {
      method: 'POST',
      path: '/claims/:id/settle',
      scopes: ['claims:write'],
      mfa: true,
      summary: 'Issue the payout of a repaired claim (the assigned adjuster)',
    },
    {
      method: 'POST',
      path: '/claims/:id/consents',
      scopes: ['claims:write'],
      summary: 'Let a shop see the contact details (the member)',
    },
    {
      method: 'DELETE',
      path: '/claims/:id/consents/:shopId',
      scopes: ['claims:write'],
      summary: "Withdraw a shop's access to the contact details (the member)",
    },
    {
      method: 'POST',
      path: '/claims/:id/photos',
      scopes: ['claims:write'],
      summary: 'Attach a photo by URL; the service fetches it once (the member)',
    },
    {
      method: 'GET',
      path: '/claims/:id/contact',
      scopes: ['claims:contact'],
      summary: "The member's contact details, for the shop holding the car with consent",
    },
    {
      method: 'GET',
      path: '/claims/:id/coverage',
      scopes: ['claims:coverage'],
      // East-west only: rental's certificate, a token exchanged at identity; never via the gateway.
      callers: ['rental'],
      internal: true,
      summary: 'Whether the claim covers a rental, and for how many days (rental, token exchange)',
    },
  ],
});
