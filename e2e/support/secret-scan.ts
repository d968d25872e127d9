/** A kind of secret that must never appear in a log line, with how to recognise it. */
export interface SecretPattern {
  name: string;
  pattern: RegExp;
}

/**
 * What would betray a leak: a compact JWS (party token, ID token, JWT access token), a bearer
 * credential, a demo password, a password hash, a private JWK member, a client secret parameter.
 */
export const SECRET_PATTERNS: SecretPattern[] = [
  { name: 'JWT', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  { name: 'bearer credential', pattern: /Bearer\s+[A-Za-z0-9._~+/-]{16,}/ },
  { name: 'demo password', pattern: /-ClaimGuard-2026!/ },
  { name: 'argon2 hash', pattern: /\$argon2(id|i|d)\$/ },
  { name: 'private JWK', pattern: /"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/ },
  { name: 'client secret', pattern: /client_secret=[^&\s"]+/ },
];

/** Every line of `text` that matches a secret pattern, with the pattern's name. */
export function findSecrets(text: string): { line: number; kind: string }[] {
  const hits: { line: number; kind: string }[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { name, pattern } of SECRET_PATTERNS) {
      if (pattern.test(line)) hits.push({ line: index + 1, kind: name });
    }
  });
  return hits;
}
