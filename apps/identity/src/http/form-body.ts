import type { IncomingMessage } from 'node:http';

/** Largest login form identity reads; real forms are a few hundred bytes. */
export const FORM_BODY_LIMIT_BYTES = 4 * 1024;

/** A request body identity refuses, with the HTTP status to answer. */
export class FormBodyError extends Error {
  constructor(
    readonly status: 413 | 415 | 400,
    message: string,
  ) {
    super(message);
    this.name = 'FormBodyError';
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `limit` bytes. Stops reading (and
 * rejects with 413) as soon as the limit is passed, so a huge body costs nothing.
 */
export async function readFormBody(
  req: IncomingMessage,
  limit = FORM_BODY_LIMIT_BYTES,
): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new FormBodyError(415, 'expected application/x-www-form-urlencoded');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new FormBodyError(413, 'request body too large');

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new FormBodyError(413, 'request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
