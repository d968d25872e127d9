/** The protection space named in every challenge. */
export const REALM = 'claimguard';

/** RFC 6750 §3.1 error codes the gateway uses, plus RFC 9470's step-up error. */
export type BearerErrorCode =
  'invalid_token' | 'insufficient_scope' | 'invalid_request' | 'insufficient_user_authentication';

export interface BearerChallenge {
  error?: BearerErrorCode;
  /** Space-separated scopes the route needs (only with `insufficient_scope`). */
  scope?: string;
  description?: string;
  /** RFC 9470 §3: the authentication context class(es) the client must obtain. */
  acrValues?: string;
  /** RFC 9470 §3: the most seconds since the user's authentication the resource accepts. */
  maxAge?: number;
}

/**
 * Formats a `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3). Without `error` it is the bare
 * challenge for a request that carried no credentials (§3.1: no error code then).
 * @example bearerChallenge({ error: 'insufficient_scope', scope: 'claims:read' })
 * // 'Bearer realm="claimguard", error="insufficient_scope", scope="claims:read"'
 */
export function bearerChallenge(challenge: BearerChallenge = {}): string {
  const params: [string, string][] = [['realm', REALM]];
  if (challenge.error) params.push(['error', challenge.error]);
  if (challenge.description) params.push(['error_description', challenge.description]);
  if (challenge.scope) params.push(['scope', challenge.scope]);
  if (challenge.acrValues) params.push(['acr_values', challenge.acrValues]);
  if (challenge.maxAge !== undefined) params.push(['max_age', String(challenge.maxAge)]);
  return `Bearer ${params.map(([k, v]) => `${k}="${quote(v)}"`).join(', ')}`;
}

/** RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E inside the quoted values: drop the rest. */
function quote(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
}
