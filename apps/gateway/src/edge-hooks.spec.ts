import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@claimguard/observability';
import {
  CLIENT_ERROR_CLOSE_GRACE_MS,
  clientErrorAnswer,
  clientErrorHandler,
} from './edge-hooks.js';

const log = { info: vi.fn() } as unknown as Logger;

/** The part of a socket the handler touches, and the spies on what it calls. */
function fakeSocket(state: { destroyed?: boolean; writable?: boolean; _httpMessage?: object }) {
  const end = vi.fn((_data?: string) => {
    fake.writableEnded = true;
  });
  const destroy = vi.fn();
  const fake = { destroyed: false, writable: true, writableEnded: false, ...state, end, destroy };
  return { socket: fake as unknown as Socket, end, destroy };
}

const parserError = (code: string) => Object.assign(new Error('Parse Error'), { code });

afterEach(() => vi.useRealTimers());

describe('clientErrorHandler', () => {
  it('ends the connection with the platform error body and a correlation id, without a reset', () => {
    const { socket, end, destroy } = fakeSocket({});
    clientErrorHandler(log)(parserError('HPE_INVALID_URL'), socket);
    const written = String(end.mock.calls[0]?.[0]);
    const [head = '', body = ''] = written.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain('cache-control: no-store');
    expect(head).toContain(`content-length: ${Buffer.byteLength(body)}`);
    const id = /x-correlation-id: (\S+)/.exec(head)?.[1];
    expect(JSON.parse(body)).toEqual({
      code: 'REQUEST.MALFORMED',
      message: 'The request is not valid HTTP',
      correlationId: id,
    });
    expect(destroy).not.toHaveBeenCalled();
  });

  it('sends no body to a HEAD request, which a client would read as garbage after the answer', () => {
    const { socket, end } = fakeSocket({});
    const error = Object.assign(parserError('HPE_INVALID_URL'), {
      rawPacket: Buffer.from('HEAD /\x7f HTTP/1.1\r\n\r\n', 'latin1'),
    });
    clientErrorHandler(log)(error, socket);
    const written = String(end.mock.calls[0]?.[0]);
    expect(written).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(written.endsWith('\r\n\r\n')).toBe(true);
  });

  it('answers once however often the parser reports, and cuts off a peer that keeps sending', () => {
    vi.useFakeTimers();
    const { socket, end, destroy } = fakeSocket({});
    const handle = clientErrorHandler(log);
    handle(parserError('HPE_HEADER_OVERFLOW'), socket);
    handle(parserError('HPE_HEADER_OVERFLOW'), socket);
    expect(end).toHaveBeenCalledOnce();
    expect(destroy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(CLIENT_ERROR_CLOSE_GRACE_MS);
    expect(destroy).toHaveBeenCalled();
  });

  it('answers nothing to a peer that is gone', () => {
    const reset = fakeSocket({});
    clientErrorHandler(log)(parserError('ECONNRESET'), reset.socket);
    const destroyed = fakeSocket({ destroyed: true });
    clientErrorHandler(log)(parserError('HPE_INVALID_URL'), destroyed.socket);
    expect(reset.end).not.toHaveBeenCalled();
    expect(destroyed.end).not.toHaveBeenCalled();
  });

  it('only closes a connection with a request in flight, so no status line is taken for its answer', () => {
    const { socket, end, destroy } = fakeSocket({ _httpMessage: {} });
    const error = parserError('HPE_INVALID_METHOD');
    clientErrorHandler(log)(error, socket);
    expect(end).not.toHaveBeenCalled();
    expect(destroy).toHaveBeenCalledWith(error);
  });
});

describe('clientErrorAnswer', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'REQUEST.HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST.TIMEOUT'],
    ['HPE_INVALID_URL', 400, 'REQUEST.MALFORMED'],
    [undefined, 400, 'REQUEST.MALFORMED'],
  ])('maps %s to %i %s', (code, status, stable) => {
    expect(clientErrorAnswer(code)).toMatchObject({ status, code: stable });
  });
});
