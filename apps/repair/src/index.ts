export { createRepairApp } from './app.js';
export { loadRepairConfig, RepairEnvSchema, type RepairConfig } from './config.js';
export { REPAIR_ROUTE_MANIFEST } from './route-manifest.js';
export { SERVICE_NAME } from './service-name.js';
