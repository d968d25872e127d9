export * from './paths.js';
export * from './ports.js';
export * from './database.js';
export * from './broker.js';
export * from './apps.js';
export * from './stack.js';
export * from './token-issuer.js';
export * from './oidc-login.js';
