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

describe('training console calls', () => {
  const status = {
    version: 3,
    off: ['consent'],
    resetEpoch: 0,
    peers: [
      { service: 'claims', applied: 3, resetDone: 0, lastSyncAt: '2026-11-30T10:00:00.000Z' },
    ],
    converged: true,
  };

  it('reads the switchboard status with the bearer token', async () => {
    fetchMock.mockResolvedValueOnce(json(200, status));
    const result = await gateway(session).trainingStatus();
    expect(result).toEqual({ ok: true, status: 200, data: status });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://gateway.test/api/_training/status');
    expect(init?.method).toBe('GET');
    expect((init?.headers as Record<string, string>).authorization).toBe(
      'Bearer opaque-token-value',
    );
  });

  it('switches one defense with PUT {on}, its id encoded into the path', async () => {
    fetchMock.mockResolvedValueOnce(json(200, status));
    const result = await gateway(session).switchDefense('consent', false);
    expect(result.ok).toBe(true);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://gateway.test/api/_training/defenses/consent');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"on":false}');
    expect((init?.headers as Record<string, string>)['content-type']).toBe('application/json');
    fetchMock.mockResolvedValueOnce(json(200, status));
    await gateway(session).switchDefense('../reset', true);
    expect(fetchMock.mock.calls[1]![0]).toBe(
      'http://gateway.test/api/_training/defenses/..%2Freset',
    );
  });

  it("keeps the switchboard's refusal codes (not switchable, production)", async () => {
    fetchMock.mockResolvedValueOnce(
      json(409, {
        code: 'TRAINING.NOT_SWITCHABLE',
        message: 'no training path',
        correlationId: 'c-2',
      }),
    );
    const refused = await gateway(session).switchDefense('log-redaction', false);
    expect(refused.ok ? undefined : refused.error).toEqual({
      status: 409,
      code: 'TRAINING.NOT_SWITCHABLE',
      message: 'no training path',
      correlationId: 'c-2',
    });
    fetchMock.mockResolvedValueOnce(
      json(403, { code: 'TRAINING.DISABLED', message: 'frozen', correlationId: 'c-3' }),
    );
    const frozen = await gateway(session).resetWorkshop();
    expect(frozen.ok ? undefined : frozen.error.code).toBe('TRAINING.DISABLED');
    expect(fetchMock.mock.calls[1]![0]).toBe('http://gateway.test/api/_training/reset');
    expect(fetchMock.mock.calls[1]![1]?.method).toBe('POST');
  });

  it('reads the scoreboard, and refuses a status or scoreboard of another shape', async () => {
    const entries = [
      {
        sub: 'a1b2c3d4e5f6',
        party: { kind: 'member', id: 'M-1001' },
        defenses: [
          { defense: 'bola', firstAt: '2026-11-30T10:00:00.000Z', count: 2, seenBy: ['claims'] },
        ],
        score: 1,
      },
    ];
    fetchMock.mockResolvedValueOnce(json(200, { entries }));
    const board = await gateway(session).scoreboard();
    expect(board).toEqual({ ok: true, status: 200, data: { entries } });
    expect(fetchMock.mock.calls[0]![0]).toBe('http://gateway.test/api/_training/scoreboard');
    fetchMock.mockResolvedValueOnce(json(200, { entries: [{ sub: 'x', score: 'high' }] }));
    const odd = await gateway(session).scoreboard();
    expect(odd.ok ? undefined : odd.error.code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    fetchMock.mockResolvedValueOnce(json(200, { ...status, converged: 'yes' }));
    const oddStatus = await gateway(session).trainingStatus();
    expect(oddStatus.ok).toBe(false);
  });

  it('says the switchboard refusals in words', () => {
    expect(describeError({ status: 409, code: 'TRAINING.NOT_SWITCHABLE' })).toMatch(
      /cannot be turned off/,
    );
    expect(describeError({ status: 403, code: 'TRAINING.DISABLED' })).toMatch(/production/);
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
