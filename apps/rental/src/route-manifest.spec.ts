import { describe, expect, it } from 'vitest';
import { controllerRoutes, manifestRoutes } from '@claimguard/service-kit';
import { RentalController } from './rental/interface/rental.controller.js';
import { RENTAL_ROUTE_MANIFEST } from './route-manifest.js';

describe('rental route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    expect(manifestRoutes(RENTAL_ROUTE_MANIFEST)).toEqual(controllerRoutes([RentalController]));
  });
});
