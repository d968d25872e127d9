/** Injection tokens for values that are not classes (Nest needs a token to inject them). */
export const TOWING_CONFIG = Symbol('TOWING_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
/** The kafkajs client, shared by the producer of the outbox relay and the event consumers. */
export const KAFKA = Symbol('KAFKA');
