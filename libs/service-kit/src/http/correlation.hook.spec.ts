import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORRELATION_HEADER } from '@claimguard/contracts';
import { registerCorrelationHook } from './correlation.hook.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const fastify = Fastify();

beforeAll(async () => {
  registerCorrelationHook(fastify);
  // Echoes what a handler sees, so the test can compare it with the response header.
  fastify.get('/echo', (request) => ({ seen: request.headers[CORRELATION_HEADER] }));
  await fastify.ready();
});
afterAll(() => fastify.close());

describe('registerCorrelationHook', () => {
  it("keeps the gateway's valid id for the handler and the response", async () => {
    const id = randomUUID();
    const res = await fastify.inject({ url: '/echo', headers: { [CORRELATION_HEADER]: id } });
    expect(res.headers[CORRELATION_HEADER]).toBe(id);
    expect(res.json()).toEqual({ seen: id });
  });

  it('replaces a client-chosen id with a fresh one that the handler and the response share', async () => {
    const res = await fastify.inject({
      url: '/echo',
      headers: { [CORRELATION_HEADER]: 'drop table claims' },
    });
    const id = res.headers[CORRELATION_HEADER];
    expect(id).toMatch(UUID);
    expect(res.json()).toEqual({ seen: id });
  });

  it('gives a request without an id one, also on a 404', async () => {
    const res = await fastify.inject({ url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers[CORRELATION_HEADER]).toMatch(UUID);
  });
});
