import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { stolenPartyToken } from './party-tokens.js';
import { persona } from './personas.js';

/**
 * Replays a party token the gateway minted for one service at another, from inside the network
 * (with the gateway's stolen certificate, so mTLS is not what decides). The audience check refuses
 * it at authentication. With it off the target accepts the token as authentication — the stolen
 * identity is now the caller — and what stops it is the next layer: the gateway narrows every
 * party token's scope to its route, and the target's route wants a scope of its own. So these
 * scenarios prove authentication accepted (403 `AUTH.INSUFFICIENT_SCOPE` instead of 401), not data
 * read: no other service's route accepts a narrowed token's scope (defense in depth, shown in
 * workshops; the forged-token scenarios, API2-JWT-*, reach data).
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
  if (response.status === 403 && response.body.code === 'AUTH.INSUFFICIENT_SCOPE') {
    return {
      outcome: 'succeeded',
      status: response.status,
      evidence: `${replay.targetName} authenticated ${replay.username} from a ${replay.mintedFor}-audience token; only the route's scope (not in the narrowed token) stopped it`,
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
