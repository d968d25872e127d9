import { expect, test } from '@playwright/test';
import { eventually } from '@claimguard/testing';
import { call } from '../support/api.js';
import { claimBody, fileClaim } from '../support/claims.js';
import { login, persona } from '../support/personas.js';

/**
 * The walking skeleton's journey through every layer: identity (code + PKCE through the login
 * form), the gateway (introspection, scopes, party token), claims (CQRS, Prisma, policy, outbox),
 * the broker, and towing (idempotent consumer, its own policy).
 */
test.describe('a member files a claim and the tow company sees the job', () => {
  test('alice files a claim, reads it and finds it in her list', async () => {
    const alice = await login('alice', 'claims:read claims:write');
    expect(alice.split('.')).toHaveLength(1); // opaque: the client never holds a JWT

    const created = await call('POST', '/api/claims', { token: alice, body: claimBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'FILED', needsTow: true });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.correlationId).toMatch(/^[0-9a-f-]{36}$/);

    const read = await call('GET', `/api/claims/${created.body.id}`, { token: alice });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(JSON.stringify(read.body)).not.toContain(persona('alice').party.id); // no internal ids in the DTO

    const list = await call<{ items: { id: string }[] }>('GET', '/api/claims', { token: alice });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.id)).toContain(created.body.id);
  });

  test("bob gets 404 for alice's claim and does not see it in his list", async () => {
    const [alice, bob] = await Promise.all([
      login('alice', 'claims:read claims:write'),
      login('bob', 'claims:read'),
    ]);
    const id = await fileClaim(alice);
    const read = await call('GET', `/api/claims/${id}`, { token: bob });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'CLAIMS.CLAIM_NOT_FOUND' });
    const list = await call<{ items: { id: string }[] }>('GET', '/api/claims', { token: bob });
    expect(list.body.items.map((c) => c.id)).not.toContain(id);
  });

  test('dave sees the tow job the ClaimFiled event created; erin does not', async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const claimId = await fileClaim(alice, {
      location: { city: 'Dallas', state: 'TX', postalCode: '75201' },
    });
    const [dave, erin] = await Promise.all([
      login('dave', 'towing:read'),
      login('erin', 'towing:read'),
    ]);

    const job = await eventually(
      async () => {
        const jobs = await call<{ items: { id: string; claimId: string; companyId: string }[] }>(
          'GET',
          '/api/towing/jobs',
          { token: dave },
        );
        return jobs.body.items.find((j) => j.claimId === claimId);
      },
      20_000,
      'the tow job for the new claim',
    );
    expect(job.companyId).toBe('T-01');

    expect((await call('GET', `/api/towing/jobs/${job.id}`, { token: dave })).status).toBe(200);
    const erinRead = await call('GET', `/api/towing/jobs/${job.id}`, { token: erin });
    expect(erinRead.status).toBe(404);
    const erinList = await call<{ items: { id: string }[] }>('GET', '/api/towing/jobs', {
      token: erin,
    });
    expect(erinList.status).toBe(200);
    expect(erinList.body.items.map((j) => j.id)).not.toContain(job.id);
  });
});
