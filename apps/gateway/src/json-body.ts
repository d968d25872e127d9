import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { GatewayError } from './errors/gateway.error.js';

/**
 * How deeply a JSON body may nest arrays and objects. No API body of the platform comes near it (a
 * claim nests 2 levels); far deeper bodies (~4 000 levels, well under 1 MiB) overflow the stack
 * of `JSON.stringify` when the proxy re-serializes them — a 500 any caller with a token could
 * cause (found by the edge fuzz, apps/gateway/test/edge-fuzz.int-spec.ts).
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, brackets inside strings not
 * counted. One pass over the bytes, no parsing: UTF-8 never encodes another character with the
 * ASCII bytes it looks for, and text that is not JSON at all is the parser's to refuse.
 * @example nestedDeeperThan(Buffer.from('[[1]]'), 1) // true
 */
export function nestedDeeperThan(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i] as number;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * Fastify's own JSON parser (`parse`, with its prototype-poisoning checks) behind a nesting
 * limit: a body deeper than {@link MAX_JSON_DEPTH} is 400 `REQUEST.MALFORMED` before it is parsed.
 * @example app.useBodyParser('application/json', { bodyLimit }, depthLimitedJsonParser(parse))
 */
export function depthLimitedJsonParser(
  parse: FastifyBodyParser<string>,
): FastifyBodyParser<Buffer> {
  return function (this: FastifyInstance, request, body, done) {
    if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new GatewayError(
          'REQUEST.MALFORMED',
          `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
      return;
    }
    // Fastify's parser reads a Buffer as well as a string (Nest hands it the same Buffer).
    void parse.call(this, request, body as unknown as string, done);
  };
}
