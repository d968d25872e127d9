import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { findAuditLine } from './audit.js';
import { login, subOf } from './personas.js';

/**
 * The verdict of a token replayed after its grant was revoked (logout, refresh-token reuse), as
 * the `revocation` scenarios share it. First waits until the gateway's audit trail shows it handled
 * identity's `GrantRevoked` for `victim` (written at or after `revokedFrom`): `token.revoked` when
 * it dropped that person's cached introspections, `defense.off` when the defense is off and it kept
 * them — so the replay never races the event, on any machine. Then replays the token once:
 * refused (401) is blocked; succeeded only when the replay lists `claimId`, a claim the victim,
 * signed in on her own, sees in her own list.
 */
export async function replayAfterRevocation(options: {
  token: string;
  victim: string;
  claimId: string;
  revokedFrom: number;
}): Promise<AttackResult> {
  const { token, victim, claimId, revokedFrom } = options;
  const handled = await findAuditLine(
    'gateway',
    { sub: await subOf(victim) },
    { defense: 'revocation', action: ['token.revoked', 'defense.off'], since: revokedFrom },
    60_000,
  );
  if (!handled) {
    return {
      outcome: 'inconclusive',
      status: 0,
      evidence: 'the gateway never handled GrantRevoked',
    };
  }
  type List = { items?: { id: string }[] };
  const replay = await call<List>('GET', '/api/claims', { token });
  if (replay.status === 401) {
    return {
      outcome: 'blocked',
      status: 401,
      correlationId: replay.correlationId,
      evidence: `the revoked token was refused once the gateway had handled GrantRevoked (${handled.action})`,
    };
  }
  if (replay.status === 200) {
    const own = await call<List>('GET', '/api/claims', {
      token: await login(victim, 'claims:read'),
    });
    const listed = (list: List) => list.items?.some((item) => item.id === claimId) ?? false;
    if (listed(replay.body) && own.status === 200 && listed(own.body)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `after the gateway had handled GrantRevoked, the revoked token still lists ${victim}'s claim ${claimId}, as ${victim}'s own session lists it`,
      };
    }
  }
  return { outcome: 'inconclusive', status: replay.status, evidence: JSON.stringify(replay.body) };
}
