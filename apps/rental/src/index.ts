export { createRentalApp } from './app.js';
export { loadRentalConfig, RentalEnvSchema, type RentalConfig } from './config.js';
export { RENTAL_ROUTE_MANIFEST } from './route-manifest.js';
export { SERVICE_NAME } from './service-name.js';
