import { describe, expect, it } from 'vitest';
import { controllerRoutes, manifestRoutes } from '@claimguard/service-kit';
import { ClaimsController } from './claims/interface/claims.controller.js';
import { CLAIMS_ROUTE_MANIFEST } from './route-manifest.js';

describe('claims route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    expect(manifestRoutes(CLAIMS_ROUTE_MANIFEST)).toEqual(controllerRoutes([ClaimsController]));
  });
});
