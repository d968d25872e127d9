export * from './logger.js';
export * from './audit.js';
export * from './metrics.js';
export * from './correlation.js';
export * from './http-error.filter.js';
export * from './database-unavailable.js';
