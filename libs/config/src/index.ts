export * from './load-config.js';
export * from './defense-switches.js';
export * from './service-env.js';
export * from './with-defenses.js';
export * from './create-file-once.js';
