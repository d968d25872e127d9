import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { stolenPartyToken } from './party-tokens.js';
import { persona } from './personas.js';

/**
 * Replays a party token the gateway minted for one service at another, from inside the network
 * (with the gateway's stolen certificate, so mTLS is not what decides). The audience check refuses
 * it at authentication; with it off the target authenticates the caller and only the route's
 * scope check stops it — so success is "no longer 401" (defense in depth, discussed in workshops).
 * @example replayAtOtherAudience({ username: 'dave', mintedFor: 'towing', scope: 'towing:read', target: env.claims, path: '/claims', targetName: 'claims' })
 */
export async function replayAtOtherAudience(replay: {
  username: string;
  mintedFor: string;
  scope: string;
  target: string;
  targetName: string;
  path: string;
}): Promise<AttackResult> {
  const token = await stolenPartyToken({
    sub: `${replay.username}-sub`,
    party: persona(replay.username).party,
    aud: replay.mintedFor,
    scope: replay.scope,
  });
  const response = await call<{ code?: string }>('GET', replay.path, {
    base: replay.target,
    as: 'gateway',
    token,
    headers: { 'x-correlation-id': crypto.randomUUID() },
  });
  if (
    response.status === 200 ||
    (response.status === 403 && response.body.code === 'AUTH.INSUFFICIENT_SCOPE')
  ) {
    return {
      outcome: 'succeeded',
      status: response.status,
      evidence: `${replay.targetName} authenticated a ${replay.mintedFor}-audience token`,
    };
  }
  if (response.status === 401 && response.body.code === 'AUTH.TOKEN_INVALID') {
    return {
      outcome: 'blocked',
      status: 401,
      correlationId: response.correlationId,
      evidence: 'audience mismatch refused',
    };
  }
  return {
    outcome: 'inconclusive',
    status: response.status,
    evidence: JSON.stringify(response.body),
  };
}
