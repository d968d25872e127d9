import { describe, expect, it } from 'vitest';
import { controllerRoutes, manifestRoutes } from '@claimguard/service-kit';
import { LegacyV0Controller } from './towing/interface/legacy-v0.controller.js';
import { TowingController } from './towing/interface/towing.controller.js';
import { TOWING_ROUTE_MANIFEST } from './route-manifest.js';

describe('towing route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    expect(manifestRoutes(TOWING_ROUTE_MANIFEST)).toEqual(controllerRoutes([TowingController]));
  });

  it('keeps the zombie v0 routes out of the manifest (the gateway must never route them)', () => {
    const zombies = [...controllerRoutes([LegacyV0Controller]).keys()];
    expect(zombies).toEqual(['GET /towing/v0/jobs/export', 'GET /towing/v0/jobs/:id']);
    for (const route of zombies)
      expect(manifestRoutes(TOWING_ROUTE_MANIFEST).has(route)).toBe(false);
  });
});
