export * from './load-config.js';
export * from './defense-switches.js';
