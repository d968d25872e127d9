import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A kind of secret that must never appear in a log line, with how to recognise it. */
export interface SecretPattern {
  /** What the scan reports for a hit, e.g. `JWT`; never the matched text. */
  name: string;
  pattern: RegExp;
  /**
   * A second look at a match the regular expression alone cannot tell from prose, e.g. "Basic
   * authentication"; a match counts only when this returns true.
   */
  confirm?: (match: RegExpExecArray) => boolean;
}

/** One line of a scanned text that holds a secret: its 1-based number and the secret's kind. */
export interface SecretHit {
  line: number;
  kind: string;
}

/** A secret whose exact value is known (issued during the run, generated, seeded). */
export interface KnownSecret {
  kind: string;
  value: string;
}

/**
 * Values shorter than this are not searched for: a short string shows up in ordinary log lines by
 * chance (and the empty string everywhere), and every real token, key or secret is longer.
 */
export const MIN_SECRET_VALUE_LENGTH = 12;

/** The text of `Basic <credential>` decodes to `id:secret` in printable ASCII, prose does not. */
function isBasicCredential(match: RegExpExecArray): boolean {
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('latin1');
  return /^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded);
}

/**
 * What would betray a leak in a log line. Quotes may be backslash-escaped (`\"`) because apps log
 * request bodies and upstream answers as JSON strings inside their own JSON line.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // A compact JWS: party token, ID token, JWT access token, logout token.
  { name: 'JWT', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  // A compact JWE: the web app's encrypted session cookie (it holds the user's tokens).
  {
    name: 'JWE',
    pattern:
      /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  },
  // Case-sensitive alone (prose says "bearer token"), any case after an authorization header name.
  { name: 'bearer credential', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/ },
  {
    name: 'bearer credential',
    pattern: /authorization\\?["']?\s*[:=]\s*\\?["']?bearer\s+[A-Za-z0-9._~+/-]{8,}/i,
  },
  // HTTP Basic (client_secret_basic at identity's token, introspection and revocation endpoints).
  {
    name: 'basic credential',
    pattern: /authorization\\?["']?\s*[:=]\s*\\?["']?basic\s+[A-Za-z0-9._~+/=-]{8,}/i,
  },
  {
    name: 'basic credential',
    pattern: /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/,
    confirm: isBasicCredential,
  },
  { name: 'demo password', pattern: /-ClaimGuard-2026!/ },
  { name: 'argon2 hash', pattern: /\$argon2(?:id|i|d)\$/ },
  // A PEM block's first line: the key itself follows on the next lines (or after `\n` in JSON).
  {
    name: 'PEM private key',
    // `[ ]`: the marker stays out of this file's own text, which scans for committed keys read.
    pattern: /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE[ ]KEY-----/,
  },
  // The private members of an EC, OKP or RSA JWK (`d`, and RSA's CRT parameters).
  {
    name: 'private JWK',
    pattern: /\\?"(?:d|dp|dq|qi)\\?"\s*:\s*\\?"[A-Za-z0-9_-]{20,}/,
  },
  // A form body or query (any case: env dumps read `WEB_CLIENT_SECRET=…`) and a JSON member;
  // the logger's own `[redacted]` is what must be there instead.
  { name: 'client secret', pattern: /client_secret=(?!\[redacted\])[^&\s"\\]+/i },
  {
    name: 'client secret',
    pattern: /\\?"client_?secret\\?"\s*:\s*\\?"(?!\[redacted\])[^"\\]+/i,
  },
];

/** The patterns' global twins, for the ones with a second look that must see every match. */
const CONFIRMED = new Map(
  SECRET_PATTERNS.filter((p) => p.confirm).map((p) => [
    p,
    new RegExp(p.pattern.source, `${p.pattern.flags.replace('g', '')}g`),
  ]),
);

function lineMatches(line: string, secret: SecretPattern): boolean {
  const global = CONFIRMED.get(secret);
  if (!global || !secret.confirm) return secret.pattern.test(line);
  global.lastIndex = 0;
  for (let match = global.exec(line); match; match = global.exec(line)) {
    if (secret.confirm(match)) return true;
  }
  return false;
}

/**
 * Every line of `text` that matches a secret pattern, once per line and kind, in line order.
 * @example findSecrets(readFileSync('.run/test/logs/gateway.log', 'utf8'))
 */
export function findSecrets(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  text.split('\n').forEach((line, index) => {
    const kinds = new Set<string>();
    for (const secret of SECRET_PATTERNS) {
      if (!kinds.has(secret.name) && lineMatches(line, secret)) kinds.add(secret.name);
    }
    for (const kind of kinds) hits.push({ line: index + 1, kind });
  });
  return hits;
}

/**
 * Every line of `text` that contains one of the exact `values`, once per line and kind, in line
 * order. One pass over the text whatever the number of values: every value is indexed by its first
 * {@link MIN_SECRET_VALUE_LENGTH} characters, and at each position of the text only the values
 * sharing the 12 characters there are compared (a pass per value made thousands of values over
 * megabytes of log take seconds). Values shorter than that are skipped. The hit names the value's
 * kind, never the value.
 * @example findValues(log, [{ kind: 'access_token', value: token }])
 */
export function findValues(text: string, values: readonly KnownSecret[]): SecretHit[] {
  const byPrefix = new Map<string, KnownSecret[]>();
  for (const known of values) {
    if (known.value.length < MIN_SECRET_VALUE_LENGTH) continue;
    const prefix = known.value.slice(0, MIN_SECRET_VALUE_LENGTH);
    const sharing = byPrefix.get(prefix);
    if (!sharing) byPrefix.set(prefix, [known]);
    else if (!sharing.some((k) => k.value === known.value && k.kind === known.kind)) {
      sharing.push(known);
    }
  }
  const hits: SecretHit[] = [];
  if (byPrefix.size === 0) return hits;
  const seen = new Set<string>();
  let line = 1;
  const last = text.length - MIN_SECRET_VALUE_LENGTH;
  for (let at = 0; at <= last; at++) {
    if (text.charCodeAt(at) === 10) {
      line++;
      continue;
    }
    const candidates = byPrefix.get(text.slice(at, at + MIN_SECRET_VALUE_LENGTH));
    if (!candidates) continue;
    for (const { kind, value } of candidates) {
      if (!text.startsWith(value, at)) continue;
      const key = `${line}\u0000${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ line, kind });
    }
  }
  return hits.sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
}

/** The members of a JWK that are private: knowing one is holding the key. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function stringLeaves(json: unknown): string[] {
  if (typeof json === 'string') return [json];
  if (Array.isArray(json)) return json.flatMap(stringLeaves);
  if (json && typeof json === 'object') return Object.values(json).flatMap(stringLeaves);
  return [];
}

function secretsOfFile(path: string): KnownSecret[] {
  const name = basename(path);
  if (!name.endsWith('.json') && !name.endsWith('.key')) return [];
  const text = readFileSync(path, 'utf8');
  if (name === 'stack-secrets.json') {
    return stringLeaves(JSON.parse(text)).map((value) => ({ kind: 'client_secret', value }));
  }
  if (name.endsWith('.jwk.json')) {
    const jwk = JSON.parse(text) as Record<string, unknown>;
    return PRIVATE_JWK_MEMBERS.flatMap((member) => {
      const value = jwk[member];
      return typeof value === 'string' ? [{ kind: 'private_key', value }] : [];
    });
  }
  if (name.endsWith('.json')) {
    return stringLeaves(JSON.parse(text)).map((value) => ({ kind: 'key_material', value }));
  }
  // A PEM key is found by each base64 line of its body (logged PEM keeps its line breaks, or
  // escapes them as `\n`), a raw key file (the web app's session key) by its whole content.
  if (text.startsWith('-----BEGIN')) {
    return text
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .map((value) => ({ kind: 'private_key', value: value.trim() }));
  }
  return [{ kind: 'key_material', value: text.trim() }];
}

/**
 * Every secret a stack generated into its key folder (`RunningStack.keysDir`, e.g. `.keys/test`):
 * the OAuth client secrets of `stack-secrets.json` (kind `client_secret`), the private members of
 * each private JWK (`private_key`), the body lines of PEM private keys (`private_key`), and the
 * cookie, session and TOTP encryption keys (`key_material`). Public keys (`public/`, `.crt`) are
 * skipped; a missing folder yields nothing. Values shorter than {@link MIN_SECRET_VALUE_LENGTH}
 * are left out.
 * @example findValues(log, keysDirSecrets(stack.keysDir))
 */
export function keysDirSecrets(keysDir: string): KnownSecret[] {
  if (!existsSync(keysDir)) return [];
  const found: KnownSecret[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'public') walk(path);
      } else if (entry.isFile()) {
        found.push(...secretsOfFile(path));
      }
    }
  };
  walk(keysDir);
  return found.filter((secret) => secret.value.length >= MIN_SECRET_VALUE_LENGTH);
}

/** A cookie as Playwright's `storageState()` file holds it. */
interface StoredCookie {
  name: string;
  value: string;
}

/**
 * The session cookies' values in a Playwright `storageState()` file (kind `session_cookie`): the
 * web app's `cg_session` (any prefix, e.g. `__Host-`) — its encrypted tokens — and identity's
 * `_session`, the sign-in a browser keeps at the provider. Either one logged lets a reader act as
 * the person. A missing or unreadable file yields nothing.
 * @example findValues(log, storageStateSecrets('e2e/.artifacts/auth/alice.json'))
 */
export function storageStateSecrets(file: string): KnownSecret[] {
  if (!existsSync(file)) return [];
  let cookies: StoredCookie[];
  try {
    cookies =
      (JSON.parse(readFileSync(file, 'utf8')) as { cookies?: StoredCookie[] }).cookies ?? [];
  } catch {
    return [];
  }
  return cookies
    .filter((c) => c.name.endsWith('cg_session') || c.name === '_session')
    .filter((c) => typeof c.value === 'string' && c.value.length >= MIN_SECRET_VALUE_LENGTH)
    .map((c) => ({ kind: 'session_cookie', value: c.value }));
}
