export * from './sql.js';
export * from './kafka.js';
export * from './envelope.js';
export * from './outbox/outbox.js';
export * from './outbox/outbox-relay.js';
export * from './inbox/inbox.js';
export * from './inbox/event-consumer.js';
