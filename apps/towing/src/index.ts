export { createTowingApp } from './app.js';
export { loadTowingConfig, TowingEnvSchema, type TowingConfig } from './config.js';
export { TOWING_ROUTE_MANIFEST } from './route-manifest.js';
export { SERVICE_NAME } from './service-name.js';
