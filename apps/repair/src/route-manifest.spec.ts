import { describe, expect, it } from 'vitest';
import { controllerRoutes, manifestRoutes } from '@claimguard/service-kit';
import { RepairController } from './repair/interface/repair.controller.js';
import { REPAIR_ROUTE_MANIFEST } from './route-manifest.js';

describe('repair route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    expect(manifestRoutes(REPAIR_ROUTE_MANIFEST)).toEqual(controllerRoutes([RepairController]));
  });
});
