import {
  ROUTE_MANIFEST_PATH,
  RouteManifestSchema,
  type RouteManifest,
} from '@claimguard/contracts';
import { fetch, type Dispatcher } from 'undici';
import { routesStayInNamespace } from './route-matcher.js';

/**
 * Fetches and validates `<url>/.well-known/route-manifest`. A manifest that is malformed, names
 * another service, or lists routes outside its own `/<service>` namespace is refused whole: a
 * half-trusted manifest would be worse than none (deny by default). `dispatcher` carries the
 * gateway's client certificate to services on mTLS.
 */
export async function fetchManifest(
  service: string,
  url: string,
  timeoutMs: number,
  dispatcher?: Dispatcher,
): Promise<RouteManifest> {
  const response = await fetch(`${url}${ROUTE_MANIFEST_PATH}`, {
    ...(dispatcher ? { dispatcher } : {}),
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`route manifest of ${service} answered ${response.status}`);
  const manifest = RouteManifestSchema.parse(await response.json());
  if (manifest.service !== service) {
    throw new Error(`route manifest at ${service}'s URL names service "${manifest.service}"`);
  }
  if (!routesStayInNamespace(manifest)) {
    throw new Error(`route manifest of ${service} lists routes outside /${service}`);
  }
  return manifest;
}
