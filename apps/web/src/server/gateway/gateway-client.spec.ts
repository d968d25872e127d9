import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../session/session-cookie';
import { gateway } from './gateway-client';
import { describeError } from './gateway-error';

vi.mock('../../config', () => ({ config: () => ({ GATEWAY_URL: 'http://gateway.test' }) }));

const session = { accessToken: 'opaque-token-value' } as Session;
const fetchMock = vi.fn<typeof fetch>();
vi.stubGlobal('fetch', fetchMock);
afterEach(() => fetchMock.mockReset());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('gateway client', () => {
  it('calls only the gateway, with the bearer token, and returns typed data', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { items: [] }));
    const result = await gateway(session).listClaims();
    expect(result).toEqual({ ok: true, status: 200, data: { items: [] } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://gateway.test/api/claims');
    expect((init?.headers as Record<string, string>).authorization).toBe(
      'Bearer opaque-token-value',
    );
  });

  it('sends no token to the public defenses report', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { mode: 'secure', off: [], defenses: [] }));
    await gateway(session).defenses();
    expect(fetchMock.mock.calls[0]![1]?.headers).not.toHaveProperty('authorization');
  });

  it("keeps the gateway's error code, message and correlation id", async () => {
    fetchMock.mockResolvedValueOnce(
      json(404, { code: 'CLAIMS.CLAIM_NOT_FOUND', message: 'no such claim', correlationId: 'c-1' }),
    );
    const result = await gateway(session).getClaim('x/../../admin');
    expect(fetchMock.mock.calls[0]![0]).toBe('http://gateway.test/api/claims/x%2F..%2F..%2Fadmin');
    expect(result).toEqual({
      ok: false,
      error: {
        status: 404,
        code: 'CLAIMS.CLAIM_NOT_FOUND',
        message: 'no such claim',
        correlationId: 'c-1',
      },
    });
  });

  it('turns an unreachable gateway or an unexpected body into UPSTREAM_UNAVAILABLE', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    const down = await gateway(session).listTowJobs();
    expect(down.ok ? undefined : down.error.code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    fetchMock.mockResolvedValueOnce(json(200, { unexpected: true }));
    const odd = await gateway(session).listTowJobs();
    expect(odd.ok ? undefined : odd.error.status).toBe(503);
  });
});

describe('describeError', () => {
  it('says known codes in words and never echoes an unknown message', () => {
    expect(describeError({ status: 404, code: 'CLAIMS.CLAIM_NOT_FOUND' })).toBe(
      'We could not find that claim.',
    );
    expect(describeError({ status: 500, code: 'SOMETHING.NEW' })).toMatch(/went wrong on our side/);
    expect(describeError({ status: 409, code: 'SOMETHING.NEW' })).toBe('The request was refused.');
  });
});
