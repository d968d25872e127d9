/**
 * The defense registry: every security control that the attack suite proves, with the id that
 * training switches, logs and attack tests use. DESIGN.md "Training switches" is the contract.
 */
export const DEFENSES = {
  bola: {
    title: 'Object-level authorization',
    summary: 'Each service checks that the caller may act on this very object (OWASP API1:2023).',
    switchable: true,
  },
  bfla: {
    title: 'Function-level authorization',
    summary: 'Only the right party kinds may call a function; method swaps are denied (API5:2023).',
    switchable: true,
  },
  'mass-assignment': {
    title: 'Strict request bodies',
    summary: 'Unknown fields are rejected and never bound to models (API3:2023).',
    switchable: true,
  },
  'data-exposure': {
    title: 'Response DTOs and redaction',
    summary: 'Responses carry only what the caller may see (API3:2023).',
    switchable: true,
  },
  'rate-limit': {
    title: 'Rate limits at the edge',
    summary: 'Per user and per client IP, tighter on login and expensive routes (API4:2023).',
    switchable: true,
  },
  lockout: {
    title: 'Login lockout',
    summary:
      'Failed logins slow down and then lock, without revealing which users exist (API2:2023).',
    switchable: true,
  },
  'log-redaction': {
    title: 'No secrets in logs',
    summary:
      'Tokens, passwords, hashes and keys never reach a log line. Never switchable: a workshop stack must not leak either.',
  },
  'jwt-alg': {
    title: 'Pinned JWT algorithm',
    summary: 'Party tokens verify only with the pinned algorithm and key (API2:2023).',
    switchable: true,
  },
  'jwt-claims': {
    title: 'JWT claim checks',
    summary:
      'exp, nbf, iss and typ are checked on every token; an ID token is no access token (API2:2023).',
    switchable: true,
  },
  'redirect-uri': {
    title: 'Exact redirect_uri matching',
    summary:
      'Identity sends codes only to a registered redirect_uri, compared exactly (API2:2023).',
    switchable: true,
  },
  pkce: {
    title: 'PKCE (S256) required',
    summary: 'Every authorization code is bound to an S256 code challenge (API2:2023).',
    switchable: true,
  },
  'oauth-state': {
    title: 'Login bound to the browser (state)',
    summary:
      'The web app finishes only a login this browser started: its state, PKCE verifier and nonce (API2:2023).',
    switchable: true,
  },
  'code-single-use': {
    title: 'Single-use authorization codes',
    summary: 'A code works once; a replay revokes what it issued (API2:2023).',
    switchable: true,
  },
  ssrf: {
    title: 'Outbound URL allow-list',
    summary:
      'URLs the system fetches must be https on an allow-listed host, never internal (API7:2023).',
    switchable: true,
  },
  'business-flow': {
    title: 'Business flow limits',
    summary: 'Sensitive flows (filing claims) are limited per person and per vehicle (API6:2023).',
    switchable: true,
  },
  inventory: {
    title: 'Published routes only',
    summary:
      'The gateway routes only what a service manifest lists: no shadow or zombie API (API9:2023).',
    switchable: true,
  },
  cors: {
    title: 'Strict CORS and security headers',
    summary: 'No reflected origins with credentials; hardened response headers (API8:2023).',
    switchable: true,
  },
  'resource-limits': {
    title: 'Resource limits',
    summary: 'Page sizes and request sizes are capped (API4:2023).',
    switchable: true,
  },
  'upstream-validation': {
    title: 'Validated upstream answers',
    summary: 'Answers from other services are schema-checked and bounded before use (API10:2023).',
    switchable: true,
  },
  'jwt-audience': {
    title: 'JWT audience check',
    summary: 'A service accepts only party tokens minted for its own audience (API2:2023).',
    switchable: true,
  },
  'phantom-token': {
    title: 'Phantom token at the edge',
    summary:
      'Clients hold opaque tokens that the gateway introspects on every use; the JWT stays inside (API2:2023).',
    switchable: true,
  },
  'party-token': {
    title: 'Party tokens stay internal',
    summary:
      'The gateway mints a per-service party token and never accepts one from a client (API2:2023).',
    switchable: true,
  },
  mtls: {
    title: 'Mutual TLS between services',
    summary: 'Callers prove their identity with a certificate on an allow-list (API8:2023).',
    switchable: true,
  },
  'event-signing': {
    title: 'Signed events',
    summary: 'Consumers verify the producer signature and who may emit which event type.',
    switchable: true,
  },
  'step-up': {
    title: 'Step-up authentication',
    summary: 'High payouts need a recent MFA (RFC 9470).',
    switchable: true,
  },
  consent: {
    title: 'Member consent',
    summary: "A shop sees the member's phone number only while consent exists.",
    switchable: true,
  },
  revocation: {
    title: 'Revocation reaches the edge',
    summary: 'Logout, disable or refresh reuse drops the gateway cache at once.',
    switchable: true,
  },
} as const satisfies Record<string, { title: string; summary: string; switchable?: true }>;

/** The id of one defense, e.g. `'bola'`. */
export type DefenseId = keyof typeof DEFENSES;

/** Every defense id, in registry order. */
export const DEFENSE_IDS = Object.keys(DEFENSES) as DefenseId[];

/**
 * True when the defense has a training path, i.e. turning it off really changes behaviour (and an
 * attack test proves it both ways). Others are enforced but cannot be switched off yet.
 */
export function isSwitchable(id: DefenseId): boolean {
  return 'switchable' in DEFENSES[id];
}

/**
 * Type guard for a defense id coming from configuration or a request.
 * @example isDefenseId('bola') // true
 */
export function isDefenseId(value: string): value is DefenseId {
  return Object.hasOwn(DEFENSES, value);
}

/** What the gateway reports at `GET /api/_meta/defenses`. */
export interface DefensesReport {
  mode: 'secure' | 'training';
  off: DefenseId[];
  /**
   * Grows by one with every runtime change (0 = as started). Services apply a report only when its
   * version is newer than the one they hold, so a late answer never undoes a newer flip.
   */
  version: number;
  /** False in production: no switch can be flipped there, at start or at runtime. */
  runtime: boolean;
  defenses: { id: DefenseId; title: string; summary: string; on: boolean; switchable: boolean }[];
}
