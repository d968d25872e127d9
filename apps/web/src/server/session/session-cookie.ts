import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { PartySchema } from '@claimguard/contracts';

/** What the server keeps about a signed-in browser. Never sent to the browser unencrypted. */
export const SessionSchema = z.object({
  /** Identity's subject (user UUID). */
  sub: z.string().min(1),
  party: PartySchema,
  name: z.string().optional(),
  accessToken: z.string().min(1),
  /** Epoch seconds at which the access token expires. */
  accessTokenExpiresAt: z.number().int(),
  refreshToken: z.string().optional(),
  /** For RP-initiated logout (`id_token_hint`). */
  idToken: z.string().optional(),
  /** Synchronizer token for state-changing requests (see csrf.ts). */
  csrfToken: z.string().min(16),
  /** Epoch seconds of the login, to stop a re-login loop when the gateway refuses a fresh token. */
  loggedInAt: z.number().int(),
});
export type Session = z.infer<typeof SessionSchema>;

/** A login in progress: what the callback must check (RFC 6749 state, OIDC nonce, PKCE). */
export const LoginTransactionSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
  /** A local path to return to after the login (a step-up), else the portal. */
  returnTo: z.string().optional(),
});
export type LoginTransaction = z.infer<typeof LoginTransactionSchema>;

const ISSUER = 'claimguard-web';

/**
 * Encrypts `payload` as a compact JWE (`dir` + `A256GCM`) that expires after `ttlSeconds`; `purpose`
 * becomes the audience so a login-transaction cookie can never be replayed as a session.
 * @example const value = await sealCookie({ ...session }, key, 'session', 8 * 3600);
 */
export async function sealCookie(
  payload: Record<string, unknown>,
  key: Uint8Array,
  purpose: string,
  ttlSeconds: number,
): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer(ISSUER)
    .setAudience(purpose)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key);
}

/**
 * Decrypts and validates a cookie made by {@link sealCookie}. Anything tampered with, expired,
 * made for another purpose or not matching `schema` gives `undefined`, never an exception.
 */
export async function openCookie<T>(
  value: string | undefined,
  key: Uint8Array,
  purpose: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, key, {
      issuer: ISSUER,
      audience: purpose,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
