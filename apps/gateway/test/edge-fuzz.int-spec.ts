import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import {
  CORRELATION_HEADER,
  ERROR_STATUS,
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_MEDIA_TYPE,
  TRAINING_SYNC_PATH,
} from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  ensureDevPki,
  freePort,
  migrateDatabase,
  oidcLogin,
  randomVin,
  resetDatabase,
  startApp,
  type RunningApp,
} from '@claimguard/testing';
import { createGateway } from '../src/bootstrap.js';
import { GatewayEnvSchema } from '../src/config.js';

/**
 * Property-based fuzz of the gateway's edge (issue 11 item 7): requests of arbitrary method, path,
 * query, headers and body — with alice's real token, a wrong one or none — against the REAL
 * gateway (in process, so its logger and the process' unhandled rejections are observable) in
 * front of the REAL claims service (its built process, on mTLS as the stacks run it) and the REAL
 * identity (introspection, alice's login). Requests go out through `node:http`, not `fetch`:
 * `fetch` normalizes the URL (dot segments, backslashes, unicode) before it leaves, and the edge
 * must see raw targets.
 *
 * The seed is fixed so a run is repeatable; `FUZZ_SEED=<n>` explores another part of the space,
 * and a failure prints the seed, the shrunk counterexample and which property of the answer broke.
 */
const SEED = seedFromEnv(process.env.FUZZ_SEED);
const API_AUDIENCE = 'https://api.claimguard.local';
const ALICE = { username: 'alice', password: 'alice-ClaimGuard-2026!' };
const CLI_REDIRECT_URI = 'http://127.0.0.1:8765/callback';
/** An answer slower than this is a hang: the edge must answer every request. */
const ANSWER_TIMEOUT_MS = 20_000;

function seedFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 20_260_511;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${value}`);
  return seed;
}

// ---------------------------------------------------------------------------------------------
// What is sent. Large values are generated as small recipes (`{ repeat, times }`) and built only
// when sent, so a counterexample stays readable and shrinks by its size.
// ---------------------------------------------------------------------------------------------

type Long = { repeat: string; times: number };
type Segment = string | Long;

/** `tchar` of RFC 9110 §5.6.2: what a header name may be made of. */
const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/**
 * Headers that frame or route the message itself (the client sets them, or they would make it
 * another protocol exchange), and the two the properties generate on purpose.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
  'http2-settings',
  'authorization',
  'content-type',
]);

/** Printable latin-1 without space: what an HTTP/1.1 request target can carry unescaped. */
const rawTargetChar = fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c));
/** A field value: tab, visible ASCII, space and obs-text (sent as latin-1 bytes). */
const headerValueChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((c) => String.fromCharCode(c));

const long = (max: number, chars: readonly string[] = ['a', '%41', 'é', '0']) =>
  fc.record({ repeat: fc.constantFrom(...chars), times: fc.integer({ min: 1, max: max }) });

const headerValue = fc.string({ unit: headerValueChar, maxLength: 200 });
const headerName = fc
  .string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 40 })
  .filter((name) => !RESERVED_HEADERS.has(name.toLowerCase()));

/** Segments a matcher or a normalizing proxy could read differently from the router. */
const trickySegment = fc.constantFrom(
  '.',
  '..',
  '%2e',
  '%2E%2E',
  '.%2e',
  '%2f',
  '%2F..%2F',
  '%5c',
  '\\',
  '..\\',
  '%00',
  '%25',
  '%252e',
  '%',
  '%zz',
  '%c0%af',
  '%ff',
  '%e2%80%ae',
  ';',
  '..;',
  ':id',
  '*',
  '~',
  '@',
  '?',
  '#',
  '',
  'claims',
  '_training',
  '_meta',
  'admin',
);

// Weighted so that about half the paths are well-formed and reach authentication and routing.
const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 2, arbitrary: trickySegment },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: rawTargetChar, maxLength: 20 }) },
  { weight: 6, arbitrary: fc.webSegment() },
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: long(20_000) },
);

/** Stands for alice's real claim (filed at setup) in a generated path. */
const ALICE_CLAIM = '/api/claims/<alice-claim>';

/** Where a path starts: the routes the gateway serves, the claims routes, and nowhere at all. */
const pathPrefix = fc.constantFrom(
  '',
  '/',
  '/api',
  '/api/',
  '/api/claims',
  ALICE_CLAIM,
  `${ALICE_CLAIM}/timeline`,
  `/api/claims/${randomUUID()}`,
  '/api/claims/:id/decision',
  '/api/claims/{id}/consents',
  '/api/towing',
  '/api/nosuchservice',
  '/api/_meta/defenses',
  '/api/_training/defenses/bola',
  '/api/_training/status',
  TRAINING_SYNC_PATH,
  '/healthz',
  '/.well-known/jwks.json',
  '/.well-known/route-manifest',
  '//api/claims',
  '/API/claims',
  '/api/claims/',
  '/api/claims/../_meta/defenses',
  '*',
  'http://127.0.0.1/api/claims',
);

const queryPart = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: rawTargetChar, maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'limit',
      'cursor',
      'status',
      'expand',
      '__proto__',
      'constructor[prototype]',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom('-1', '0', '1e309', 'NaN', '%', '%00', '[]', 'null', '9'.repeat(30)),
  },
);
const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(queryPart, fc.option(queryPart)), { maxLength: 6 })
      .map((pairs) => `?${pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '??', '?#frag', '?a=b#c', '?a=%zz', '?&&&=') },
  { weight: 1, arbitrary: long(20_000, ['a', 'x=1&']).map((l) => ({ query: l })) },
);

const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');

/** How the caller presents itself: alice's real token most often, so requests reach claims. */
const auth = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'alice' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('alice-variant' as const),
      variant: fc.constantFrom('lower-case scheme', 'two spaces', 'twice', 'appended', 'Basic'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bearer' as const),
      token: fc.oneof(
        fc.base64String({ minLength: 4, maxLength: 200 }),
        fc
          .tuple(fc.base64String(), fc.base64String(), fc.base64String())
          .map((parts) => parts.join('.').replace(/\+/g, '-').replace(/\//g, '_')),
        long(10_000, ['A', 'eyJ']),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), value: headerValue }) },
);

/** Prototype pollution, number edge cases, lone surrogates, duplicate keys, BOM, not JSON. */
const nastyJsonText = fc.constantFrom(
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '1e999',
  '-0',
  '"\\ud800"',
  '{"a":1,"a":2}',
  '[',
  '',
  'null',
  'NaN',
  '\uFEFF{}',
  '{"vehicle":{"vin":"1HGCM82633A004352"}}',
  '{"description":"\\u0000"}',
  '[1,2,3]',
  '"claims"',
  'true',
);

const noBody = fc.constant({ kind: 'none' as const });
const jsonBody = fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue() });
/** A valid claim with one field replaced: claims' own validation is exercised past the edge. */
const claimBody = fc.record({
  kind: fc.constant('claim' as const),
  field: fc.constantFrom(
    'vehicle',
    'vehicle.vin',
    'vehicle.year',
    'lossDate',
    'location',
    'location.state',
    'description',
    'needsTow',
    'extra',
    'photos',
    'status',
  ),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary' })),
});
/** An object with the field names the claims actions and the training console read. */
const shapedBody = fc.record({
  kind: fc.constant('shaped' as const),
  value: fc.dictionary(
    fc.constantFrom(
      'url',
      'shopId',
      'decision',
      'approved',
      'reason',
      'amountCents',
      'on',
      'service',
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.webUrl(),
      fc.constantFrom('S-01', 'approve', 'deny'),
    ),
    { maxKeys: 4 },
  ),
});
const deepBody = fc.record({
  kind: fc.constant('deep' as const),
  shape: fc.constantFrom('array', 'object'),
  depth: fc.integer({ min: 1, max: 100_000 }),
});
const hugeStringBody = fc.record({
  kind: fc.constant('huge-string' as const),
  repeat: fc.constantFrom('a', 'é', '😀', '\\u0000', '\\"'),
  times: fc.integer({ min: 1, max: 1_100_000 }),
});
const nastyBody = fc.record({ kind: fc.constant('text' as const), text: nastyJsonText });
const textBody = fc.record({
  kind: fc.constant('text' as const),
  text: fc.string({ unit: 'binary' }),
});
const bytesBody = fc.record({
  kind: fc.constant('bytes' as const),
  bytes: fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString('base64')),
});

const body = fc.oneof(
  { weight: 6, arbitrary: noBody },
  { weight: 3, arbitrary: jsonBody },
  { weight: 2, arbitrary: claimBody },
  { weight: 1, arbitrary: shapedBody },
  { weight: 2, arbitrary: deepBody },
  { weight: 1, arbitrary: hugeStringBody },
  { weight: 2, arbitrary: nastyBody },
  { weight: 2, arbitrary: textBody },
  { weight: 1, arbitrary: bytesBody },
);

/** `undefined`: the content type that goes with the body (JSON for JSON, none for none). */
const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=latin1',
      'application/json; charset=utf-16',
      'application/json, text/plain',
      'application/jsonx',
      'application/merge-patch+json',
      'application/problem+json',
      TRAINING_SYNC_MEDIA_TYPE,
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      '*/*',
      'application/',
      ';',
      '',
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

/** Headers with a meaning at the edge, with arbitrary values. */
const knownHeaderName = fc.constantFrom(
  'accept',
  'accept-encoding',
  'content-encoding',
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-real-ip',
  'forwarded',
  CORRELATION_HEADER,
  'x-request-id',
  'cookie',
  'x-party',
  'x-user-id',
  TRAINING_SIGNATURE_HEADER,
  'x-http-method-override',
  'range',
  'if-none-match',
);
const headerEntry = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(knownHeaderName, headerValue) },
  { weight: 3, arbitrary: fc.tuple(headerName, headerValue) },
  // The same name twice: Node sends one line per value.
  {
    weight: 1,
    arbitrary: fc.tuple(knownHeaderName, fc.array(headerValue, { minLength: 2, maxLength: 3 })),
  },
);
/** One header of up to 40 000 bytes in one probe out of 13 (Node's limit is 16 KiB in all). */
const headerSet = (maxLength: number) =>
  fc
    .tuple(
      fc.array(headerEntry, { maxLength }),
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.oneof(knownHeaderName, headerName), long(40_000)) },
      ),
    )
    .map(([entries, big]): [string, string | string[] | Long][] =>
      big ? [...entries, big] : entries,
    );

interface Probe {
  method: string;
  prefix: string;
  segments: Segment[];
  query: string | { query: Long };
  auth: AuthRecipe;
  headers: [string, string | string[] | Long][];
  contentType: string | undefined;
  body: BodyRecipe;
}
type AuthRecipe = Generated<typeof auth>;
type BodyRecipe = Generated<typeof body>;
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

const probe = (overrides: Partial<{ [K in keyof Probe]: fc.Arbitrary<Probe[K]> }> = {}) =>
  fc.record<Probe>({
    method,
    prefix: pathPrefix,
    segments: fc.array(segment, { maxLength: 3 }),
    query,
    auth,
    headers: headerSet(8),
    contentType,
    body,
    ...overrides,
  });

// ---------------------------------------------------------------------------------------------
// Building and sending a probe.
// ---------------------------------------------------------------------------------------------

function build(l: string | Long): string {
  return typeof l === 'string' ? l : l.repeat.repeat(l.times);
}

interface Wire {
  method: string;
  target: string;
  headers: Record<string, string | string[]>;
  body: Buffer | undefined;
}

function toWire(p: Probe, alice: { token: string; claimId: string }): Wire {
  const prefix = p.prefix.replace(ALICE_CLAIM, `/api/claims/${alice.claimId}`);
  const path = prefix + p.segments.map((s) => `/${build(s)}`).join('');
  const q = typeof p.query === 'string' ? p.query : `?${build(p.query.query)}`;
  const wireHeaders: Record<string, string | string[]> = { accept: 'application/json' };
  for (const [name, value] of p.headers) {
    wireHeaders[name.toLowerCase()] =
      typeof value === 'string' || Array.isArray(value) ? value : build(value);
  }
  const authorization = authorizationOf(p.auth, alice.token);
  if (authorization !== undefined) wireHeaders.authorization = authorization;
  const payload = bodyOf(p.body);
  const type = p.contentType ?? payload?.type;
  if (type !== undefined) wireHeaders['content-type'] = type;
  return {
    method: p.method,
    // A request target must not be empty; `*` and absolute forms are sent as they are.
    target: path === '' ? `/${q}` : path + q,
    headers: wireHeaders,
    body: payload?.bytes,
  };
}

function authorizationOf(a: AuthRecipe, aliceToken: string): string | string[] | undefined {
  switch (a.kind) {
    case 'none':
      return undefined;
    case 'alice':
      return `Bearer ${aliceToken}`;
    case 'bearer':
      return `Bearer ${build(a.token)}`;
    case 'raw':
      return a.value;
    case 'alice-variant':
      switch (a.variant) {
        case 'lower-case scheme':
          return `bearer ${aliceToken}`;
        case 'two spaces':
          return `Bearer  ${aliceToken}`;
        case 'twice':
          return [`Bearer ${aliceToken}`, `Bearer ${aliceToken}`];
        case 'appended':
          return `Bearer ${aliceToken}, Basic YWxpY2U6eA==`;
        case 'Basic':
          return `Basic ${Buffer.from(`alice:${ALICE.password}`).toString('base64')}`;
      }
  }
}

function bodyOf(b: BodyRecipe): { bytes: Buffer; type: string | undefined } | undefined {
  const json = (text: string) => ({ bytes: Buffer.from(text), type: 'application/json' });
  switch (b.kind) {
    case 'none':
      return undefined;
    case 'json':
      return json(JSON.stringify(b.value) ?? 'null');
    case 'claim':
      return json(JSON.stringify(claimWith(b.field, b.value)));
    case 'shaped':
      return json(JSON.stringify(b.value));
    case 'deep':
      return json(
        b.shape === 'array'
          ? '['.repeat(b.depth) + ']'.repeat(b.depth)
          : '{"a":'.repeat(b.depth) + '{}' + '}'.repeat(b.depth),
      );
    case 'huge-string':
      return json(`{"description":"${b.repeat.repeat(b.times)}"}`);
    case 'text':
      return { bytes: Buffer.from(b.text), type: 'text/plain' };
    case 'bytes':
      return { bytes: Buffer.from(b.bytes, 'base64'), type: 'application/octet-stream' };
  }
}

/** A valid claim with one field replaced, so claims' own validation is exercised past the edge. */
function claimWith(field: string, value: unknown): Record<string, unknown> {
  const claim: Record<string, unknown> = {
    vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    description: 'Rear-ended at a red light on Commerce St.',
    needsTow: false,
    needsRental: false,
  };
  const [head, sub] = field.split('.') as [string, string | undefined];
  if (sub === undefined) claim[head] = value;
  else (claim[head] as Record<string, unknown>)[sub] = value;
  return claim;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function send(port: number, wire: Wire): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: wire.method,
        path: wire.target,
        // Node frames a GET, HEAD, DELETE or OPTIONS body only with an explicit length: without
        // one the body would reach the server as a second, garbage request.
        headers: wire.body
          ? { ...wire.headers, 'content-length': String(wire.body.length) }
          : wire.headers,
        // One connection per probe: a probe that makes the server close it cannot break the next.
        agent: false,
        timeout: ANSWER_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    // A write error once the answer is in (a 413 sent before a huge body was read) changes
    // nothing: the promise is settled by then.
    req.end(wire.body);
  });
}

// ---------------------------------------------------------------------------------------------
// What every answer must be.
// ---------------------------------------------------------------------------------------------

/**
 * Internal text no answer may carry, unless the request itself did (claims echoes what a member
 * wrote; a fuzzed description may well say "prisma").
 */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat [\w$.<>[\] ]+ \(|\n\s+at |\bat (?:file:|node:|\/)/g],
  [
    'a source path',
    /\/work\/|node_modules|\/(?:apps|libs)\/[\w-]+\/(?:src|dist)\/|\.(?:[cm]?[jt]s):\d+/g,
  ],
  ['the database', /prisma|postgres|\bSQL\b|SQLSTATE|\bINSERT INTO\b|\bFROM "|relation "/gi],
  ['an internal address', /127\.0\.0\.1|localhost:\d+|\[::1\]|https:\/\/[\w.-]+:\d+/g],
  [
    'a system or library error code',
    /\b(?:ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|ERR_[A-Z_]+|HPE_[A-Z_]+|FST_[A-Z_]+|UND_ERR_[A-Z_]+)\b/g,
  ],
  [
    'a runtime error message',
    /\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b|Maximum call stack|Unexpected token|in JSON at position|Cannot read propert/g,
  ],
  ['a framework name', /\b(?:undici|fastify|nestjs|kafkajs|pino)\b/gi],
];

/** `DOMAIN.REASON`, as every code of `ERROR_STATUS` but the 500's `INTERNAL` is spelled. */
const STABLE_CODE = /^[A-Z]+\.[A-Z_]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function leaksIn(answer: Answer, sent: string): string[] {
  const seen = [answer.text, ...Object.values(answer.headers).flat()].join('\n');
  const lowerSent = sent.toLowerCase();
  const found: string[] = [];
  for (const [what, pattern] of LEAKS) {
    for (const match of seen.matchAll(pattern)) {
      if (!lowerSent.includes(match[0].toLowerCase())) {
        found.push(`${what} (${JSON.stringify(match[0])})`);
        break;
      }
    }
  }
  return found;
}

/** Everything wrong with one answer; empty when it is right. */
function answerIssues(wire: Wire, answer: Answer): string[] {
  const issues: string[] = [];
  const sent = [wire.target, decodeLoosely(wire.target), JSON.stringify(wire.headers)]
    .concat(
      wire.body ? [wire.body.toString('utf8'), decodeLoosely(wire.body.toString('utf8'))] : [],
    )
    .join('\n');
  if (answer.status >= 500) issues.push(`status ${answer.status}`);
  const correlationId = answer.headers[CORRELATION_HEADER];
  if (typeof correlationId !== 'string' || !UUID.test(correlationId)) {
    issues.push(`no gateway correlation id (${String(correlationId)})`);
  }
  issues.push(...leaksIn(answer, sent).map((leak) => `the answer leaks ${leak}`));
  for (const header of ['server', 'x-powered-by']) {
    if (answer.headers[header] !== undefined) issues.push(`header ${header} is sent`);
  }
  if (answer.status >= 400 && answer.status < 500) {
    issues.push(...errorAnswerIssues(wire, answer, correlationId));
  }
  return issues;
}

/**
 * A 4xx is the platform's error body `{code, message, correlationId}` with a stable code whose
 * status is the one `ERROR_STATUS` gives it; a 401 for a token carries its RFC 6750 challenge, a
 * 429 its `Retry-After`. HEAD answers, and bodiless OPTIONS answers, have nothing to check.
 */
function errorAnswerIssues(wire: Wire, answer: Answer, correlationId: unknown): string[] {
  if (wire.method === 'HEAD' || (wire.method === 'OPTIONS' && answer.text === '')) return [];
  const issues: string[] = [];
  const type = answer.headers['content-type'] ?? '';
  if (!/^application\/json\b/.test(type))
    issues.push(`a ${answer.status} answer of type "${type}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return [...issues, `a ${answer.status} answer that is not JSON: ${excerpt(answer.text)}`];
  }
  const error = (parsed ?? {}) as { code?: unknown; message?: unknown; correlationId?: unknown };
  const code = error.code;
  if (typeof code !== 'string' || !STABLE_CODE.test(code)) {
    issues.push(`a ${answer.status} answer without a stable code: ${excerpt(answer.text)}`);
  } else if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== answer.status) {
    issues.push(`code ${code} with status ${answer.status}`);
  }
  if (typeof error.message !== 'string') issues.push('an error answer without a message');
  if (error.correlationId !== correlationId) {
    issues.push('the body correlationId differs from the header');
  }
  const challenge = answer.headers['www-authenticate'];
  if (answer.status === 401 && typeof code === 'string' && code.startsWith('AUTH.')) {
    if (!challenge?.startsWith('Bearer realm="claimguard"')) {
      issues.push(`a 401 without a Bearer challenge (${String(challenge)})`);
    }
  }
  if (answer.status === 429 && !answer.headers['retry-after'])
    issues.push('a 429 without Retry-After');
  return issues;
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** At most 300 characters, quoted, every invisible or non-ASCII one spelled (DEL is `\u{7f}`). */
function excerpt(text: string): string {
  const cut = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return JSON.stringify(cut).replace(
    /[^\x20-\x7e…]/gu,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

/** Log arguments as text, errors by name and message (JSON.stringify makes them `{}`). */
function logText(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) =>
    value instanceof Error ? `${value.name}: ${value.message}` : value,
  );
}

// ---------------------------------------------------------------------------------------------
// The stack: identity and claims as processes, the gateway in this one.
// ---------------------------------------------------------------------------------------------

interface LogCall {
  level: string;
  args: unknown[];
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger(calls: LogCall[]): Logger {
  return Object.fromEntries(
    LEVELS.map((level) => [level, (...args: unknown[]) => void calls.push({ level, args })]),
  ) as unknown as Logger;
}

let dir: string;
let identity: RunningApp | undefined;
let claims: RunningApp | undefined;
let claimsExited = false;
let gateway: NestFastifyApplication | undefined;
let gatewayPort: number;
let aliceToken: string;
let aliceClaimId: string;
const gatewayLog: LogCall[] = [];
/** Unhandled rejections and uncaught exceptions of this process, where the gateway runs. */
const processFaults: unknown[] = [];
const onRejection = (reason: unknown) => processFaults.push(reason);
const onException = (error: unknown) => processFaults.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  dir = await mkdtemp(join(tmpdir(), 'gateway-fuzz-'));
  const keysDir = join(dir, 'keys');
  const eventKeysDir = join(dir, 'events');
  const pki = await ensureDevPki(join(dir, 'pki'), ['gateway', 'claims', 'ops']);
  const [identityDb, claimsDb] = await Promise.all([
    resetDatabase('claimguard_it_gateway_fuzz_identity'),
    resetDatabase('claimguard_it_gateway_fuzz_claims'),
  ]);
  await Promise.all([
    migrateDatabase(appDir('identity'), identityDb),
    migrateDatabase(appDir('claims'), claimsDb),
  ]);
  const [identityPort, claimsPort] = [await freePort(), await freePort()];
  gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const gatewaySecret = randomBytes(32).toString('base64url');
  const claimsTls = pki.workloads.claims!;
  const gatewayTls = pki.workloads.gateway!;

  [identity, claims] = await Promise.all([
    startApp('identity', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(identityPort),
      ISSUER: `http://127.0.0.1:${identityPort}`,
      DATABASE_URL: identityDb,
      KEYS_DIR: keysDir,
      API_AUDIENCE,
      WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      GATEWAY_CLIENT_SECRET: gatewaySecret,
      WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback',
      CLI_REDIRECT_URIS: CLI_REDIRECT_URI,
      SEED_DEMO_USERS: 'true',
      RATE_LIMIT_LOGIN_PER_IP: '10000',
      RATE_LIMIT_TOKEN_PER_IP: '10000',
    }),
    // The claims process exactly as the stack starts it: https, a client certificate required.
    startApp(
      'claims',
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(claimsPort),
        DATABASE_URL: claimsDb,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        KAFKA_CONSUMER_GROUP: `claims-fuzz-${randomUUID()}`,
        TIMELINE_CONSUMER_GROUP: `claims-fuzz-timeline-${randomUUID()}`,
        PARTY_TOKEN_ISSUER: gatewayUrl,
        PARTY_TOKEN_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json`,
        EVENT_KEYS_DIR: eventKeysDir,
        TLS_CERT_FILE: claimsTls.certFile,
        TLS_KEY_FILE: claimsTls.keyFile,
        TLS_CA_FILE: claimsTls.caFile,
        CLAIMGUARD_DEFENSES_OFF: '',
      },
      { healthTls: pki.workloads.ops },
    ),
  ]);
  void claims.exited.then(() => (claimsExited = true));

  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    PORT: String(gatewayPort),
    GATEWAY_ISSUER: gatewayUrl,
    IDENTITY_ISSUER: identity.url,
    API_AUDIENCE,
    INTROSPECTION_CLIENT_SECRET: gatewaySecret,
    SERVICE_URLS: `claims=https://127.0.0.1:${claimsPort}`,
    TLS_CERT_FILE: gatewayTls.certFile,
    TLS_KEY_FILE: gatewayTls.keyFile,
    TLS_CA_FILE: gatewayTls.caFile,
    KEYS_DIR: keysDir,
    EVENT_KEYS_DIR: eventKeysDir,
    // The limits have tests of their own; here every probe must reach the code behind them.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_USER: '1000000',
  });
  gateway = await createGateway(
    config,
    DefenseSwitches.fromSetting('', 'test'),
    recordingLogger(gatewayLog),
  );
  await gateway.listen(gatewayPort, '127.0.0.1');
  const tokens = await oidcLogin({
    issuer: identity.url,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT_URI,
    ...ALICE,
    scope: 'openid claims:read claims:write',
  });
  aliceToken = tokens.access_token;
  // Alice's one real claim, for probes that read or act on it.
  const filed = await send(gatewayPort, {
    method: 'POST',
    target: '/api/claims',
    headers: { authorization: `Bearer ${aliceToken}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(claimWith('needsTow', false))),
  });
  expect(filed.status, filed.text).toBe(201);
  aliceClaimId = (JSON.parse(filed.text) as { id: string }).id;
});

afterAll(async () => {
  await gateway?.close();
  await claims?.stop();
  await identity?.stop();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtExceptionMonitor', onException);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Sends one probe and throws, naming every broken rule, when the edge mishandled it. */
async function check(p: Probe): Promise<void> {
  const wire = toWire(p, { token: aliceToken, claimId: aliceClaimId });
  const logged = gatewayLog.length;
  const faults = processFaults.length;
  const answer = await send(gatewayPort, wire);
  const outcome = `${answer.status} ${/"code":"([^"]+)"/.exec(answer.text)?.[1] ?? ''}`.trim();
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  if (process.env.FUZZ_STATS === '2' && answer.status === 400)
    console.info(answer.text.slice(0, 160));
  // A fire-and-forget promise that rejects does so after the answer: give it a turn.
  await new Promise((resolve) => setImmediate(resolve));
  const issues = answerIssues(wire, answer);
  for (const call of gatewayLog.slice(logged)) {
    if (call.level === 'error' || call.level === 'fatal') {
      issues.push(`the gateway logged at ${call.level}: ${excerpt(logText(call.args))}`);
    }
  }
  for (const fault of processFaults.slice(faults)) {
    issues.push(`unhandled rejection or uncaught exception: ${excerpt(String(fault))}`);
  }
  if (claimsExited) issues.push('the claims process exited');
  if (issues.length > 0) {
    throw new Error(
      `${wire.method} ${excerpt(wire.target)} → ${answer.status} ${excerpt(answer.text)}:\n- ${issues.join('\n- ')}`,
    );
  }
}

/** How often each status and code came back in the current property (`FUZZ_STATS=1` prints it). */
const outcomes = new Map<string, number>();

/** Fixed seed and run count; fast-check's report (seed, path, shrunk counterexample) is the error. */
async function assertProperty(offset: number, numRuns: number, arb: fc.Arbitrary<Probe>) {
  outcomes.clear();
  await fc.assert(fc.asyncProperty(arb, check), { seed: SEED + offset, numRuns });
  if (process.env.FUZZ_STATS) {
    const counts = [...outcomes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([o, n]) => `${o} ×${n}`);
    console.info(`seed ${SEED + offset}: ${counts.join(', ')}`);
  }
}

/**
 * The routes that take a body, each with the method it is listed with (claims' manifest, the
 * training console) and a few it is not; alice's real claim where a claim id goes.
 */
const bodyRoute = fc.constantFrom(
  ['POST', '/api/claims'],
  ['POST', `${ALICE_CLAIM}/consents`],
  ['POST', `${ALICE_CLAIM}/photos`],
  ['POST', `${ALICE_CLAIM}/decision`],
  ['POST', `${ALICE_CLAIM}/settle`],
  ['DELETE', `${ALICE_CLAIM}/consents/S-01`],
  ['POST', `/api/claims/${randomUUID()}/consents`],
  ['PUT', '/api/_training/defenses/bola'],
  ['POST', TRAINING_SYNC_PATH],
  ['PATCH', ALICE_CLAIM],
  ['PUT', '/api/claims'],
);

describe(`the gateway edge under fuzzing (FUZZ_SEED=${SEED})`, () => {
  it('serves alice her claim through the real claims service (the setup is real)', async () => {
    const read = await send(gatewayPort, {
      method: 'GET',
      target: `/api/claims/${aliceClaimId}`,
      headers: { authorization: `Bearer ${aliceToken}` },
      body: undefined,
    });
    expect(read.status, read.text).toBe(200);
    expect(JSON.parse(read.text)).toMatchObject({ id: aliceClaimId, status: 'FILED' });
  });

  it(
    'answers any method, path, query, header set and body without a 5xx, a leak, a crash or an unstable error code',
    () => assertProperty(0, 150, probe()),
    180_000,
  );

  it(
    'hands any body to the routes that take one, through to the real claims service, without a 5xx or a leak',
    () =>
      assertProperty(
        1,
        100,
        bodyRoute.chain(([method, prefix]) =>
          probe({
            method: fc.constant(method),
            prefix: fc.constant(prefix),
            segments: fc.constant([]),
            query: fc.constant(''),
            auth: fc.oneof(
              { weight: 6, arbitrary: fc.constant({ kind: 'alice' as const }) },
              { weight: 1, arbitrary: auth },
            ),
            headers: fc.constant([]),
            // Mostly the type that goes with the body, so most bodies reach the service.
            contentType: fc.oneof(
              { weight: 6, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: contentType },
            ),
            body: fc.oneof(
              { weight: 4, arbitrary: claimBody },
              { weight: 3, arbitrary: shapedBody },
              { weight: 2, arbitrary: jsonBody },
              { weight: 1, arbitrary: deepBody },
              { weight: 1, arbitrary: hugeStringBody },
              { weight: 1, arbitrary: nastyBody },
              { weight: 1, arbitrary: textBody },
              { weight: 1, arbitrary: noBody },
            ),
          }),
        ),
      ),
    180_000,
  );

  it(
    'answers any header set, oversized ones included, on listed routes without a 5xx or an unstable error code',
    () =>
      assertProperty(
        2,
        50,
        probe({
          method: fc.constantFrom('GET', 'POST'),
          prefix: fc.constantFrom('/api/claims', ALICE_CLAIM, '/api/_meta/defenses', '/healthz'),
          segments: fc.constant([]),
          query: fc.constant(''),
          headers: headerSet(30),
          body: noBody,
        }),
      ),
    180_000,
  );

  it('is still healthy afterwards, and neither the gateway nor claims reported a crash', async () => {
    const health = await send(gatewayPort, {
      method: 'GET',
      target: '/healthz',
      headers: {},
      body: undefined,
    });
    expect(health.status).toBe(200);
    expect(processFaults).toEqual([]);
    expect(claimsExited).toBe(false);
    expect(claims?.output() ?? '').not.toMatch(/unhandled|uncaught/i);
  });
});
