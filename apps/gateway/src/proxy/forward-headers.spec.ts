import { describe, expect, it } from 'vitest';
import { upstreamHeaders } from './forward-headers.js';

const gateway = {
  correlationId: '0b7c9b5e-4a57-4f57-9b4e-2f1f4d7e9a10',
  partyToken: 'PARTY',
  hasBody: true,
};

describe('upstreamHeaders', () => {
  it('passes only content-type and accept from the client', () => {
    const headers = upstreamHeaders(
      { 'content-type': 'application/json', accept: 'application/json', 'accept-language': 'de' },
      gateway,
    );
    expect(headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-correlation-id': gateway.correlationId,
      authorization: 'Bearer PARTY',
    });
  });

  it('drops identity, proxy and cookie headers a client could use to speak for someone', () => {
    const headers = upstreamHeaders(
      {
        authorization: 'Bearer client-opaque-token',
        cookie: 'session=abc',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-party': '{"kind":"adjuster","id":"E-2001"}',
        'x-party-id': 'E-2001',
        'x-user': 'carol',
        'x-user-id': 'carol',
        'x-sub': 'carol',
        'x-correlation-id': 'client-chosen',
        forwarded: 'for=10.0.0.1',
        host: 'evil.example',
      },
      gateway,
    );
    expect(Object.keys(headers).sort()).toEqual(['authorization', 'x-correlation-id']);
    expect(headers.authorization).toBe('Bearer PARTY');
    expect(headers['x-correlation-id']).toBe(gateway.correlationId);
  });

  it('omits content-type when no body is forwarded', () => {
    const headers = upstreamHeaders(
      { 'content-type': 'application/json' },
      { ...gateway, hasBody: false },
    );
    expect(headers['content-type']).toBeUndefined();
  });
});
