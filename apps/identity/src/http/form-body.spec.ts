import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FormBodyError, readFormBody } from './form-body.js';

function request(body: string, headers: Record<string, string>): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), {
    headers,
  }) as unknown as IncomingMessage;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('readFormBody', () => {
  it('parses a urlencoded form', async () => {
    const form = await readFormBody(request('username=Alice&password=p%26w', FORM));
    expect(form.get('username')).toBe('Alice');
    expect(form.get('password')).toBe('p&w');
  });

  it('refuses another content type with 415', async () => {
    await expect(
      readFormBody(request('{}', { 'content-type': 'application/json' })),
    ).rejects.toMatchObject({
      status: 415,
    });
  });

  it('refuses a body over the limit with 413, declared or not', async () => {
    const big = 'a='.padEnd(100, 'x');
    await expect(readFormBody(request(big, FORM), 50)).rejects.toBeInstanceOf(FormBodyError);
    await expect(
      readFormBody(request('a=1', { ...FORM, 'content-length': '999999' }), 50),
    ).rejects.toMatchObject({ status: 413 });
  });
});
