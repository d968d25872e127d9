export * from './counter-store.js';
export * from './memory-counter.store.js';
export * from './redis-counter.store.js';
export * from './rate-limiter.js';
export * from './rate-limit-counters.js';
export * from './address-bucket.js';
