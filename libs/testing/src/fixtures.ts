import type { AuthenticatedParty } from '@claimguard/auth';
import type { Party } from '@claimguard/contracts';

/**
 * A verified caller as a service's guard would produce it from a party token, for unit tests of
 * handlers and policies.
 * @example const alice = partyCaller({ kind: 'member', id: 'M-100001' }, ['claims:read']);
 */
export function partyCaller(party: Party, scopes: string[]): AuthenticatedParty {
  return {
    sub: `sub-${party.id}`,
    party,
    scopes,
    clientId: undefined,
    acr: undefined,
    amr: undefined,
    authTime: undefined,
    tokenId: 'jti-0000000000000000',
  };
}

/**
 * Polls `probe` until it returns something other than `undefined`, for effects that arrive
 * asynchronously (an event consumed, a row published). Never a fixed sleep.
 * @example const job = await eventually(() => repo.findByClaim(id));
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
