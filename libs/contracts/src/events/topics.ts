/** Kafka topics, one per producing service, each with a dead-letter twin (`<topic>.dlq`). */
export const TOPICS = {
  claims: 'claims.events.v1',
  towing: 'towing.events.v1',
  repair: 'repair.events.v1',
  rental: 'rental.events.v1',
  identity: 'identity.events.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** The dead-letter topic for a topic. */
export function dlqTopic(topic: Topic): `${Topic}.dlq` {
  return `${topic}.dlq`;
}

/** Every topic the broker must have, dead-letter topics included. */
export const ALL_TOPICS: string[] = Object.values(TOPICS).flatMap((t) => [t, dlqTopic(t)]);
