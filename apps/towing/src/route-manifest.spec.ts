import { describe, expect, it } from 'vitest';
import { controllerRoutes, manifestRoutes } from '@claimguard/service-kit';
import { TowingController } from './towing/interface/towing.controller.js';
import { TOWING_ROUTE_MANIFEST } from './route-manifest.js';

describe('towing route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    expect(manifestRoutes(TOWING_ROUTE_MANIFEST)).toEqual(controllerRoutes([TowingController]));
  });
});
