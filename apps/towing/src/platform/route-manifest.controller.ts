import { Controller, Get } from '@nestjs/common';
import { Public } from '@claimguard/auth';
import { ROUTE_MANIFEST_PATH, type RouteManifest } from '@claimguard/contracts';
import { TOWING_ROUTE_MANIFEST } from '../route-manifest.js';

/** Serves the manifest the gateway routes by (internal; the gateway does not route this path). */
@Controller()
export class RouteManifestController {
  @Public()
  @Get(ROUTE_MANIFEST_PATH)
  manifest(): RouteManifest {
    return TOWING_ROUTE_MANIFEST;
  }
}
