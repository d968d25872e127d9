import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@claimguard/auth';
import { ROUTE_MANIFEST_PATH, type RouteManifest } from '@claimguard/contracts';
import { ROUTE_MANIFEST } from '../tokens.js';

/** Serves the manifest the gateway routes by (internal; the gateway does not route this path). */
@Controller()
export class RouteManifestController {
  constructor(@Inject(ROUTE_MANIFEST) private readonly routeManifest: RouteManifest) {}

  @Public()
  @Get(ROUTE_MANIFEST_PATH)
  manifest(): RouteManifest {
    return this.routeManifest;
  }
}
