export { createClaimsApp } from './app.js';
export { loadClaimsConfig, ClaimsEnvSchema, type ClaimsConfig } from './config.js';
export { CLAIMS_ROUTE_MANIFEST } from './route-manifest.js';
export { SERVICE_NAME } from './service-name.js';
