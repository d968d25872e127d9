import { attack } from '../support/attack.js';
import { replayAtOtherAudience } from '../support/audience-replay.js';
import { env } from '../support/env.js';

/**
 * A compromised towing service replays a party token it was given (audience `towing`, dave's
 * party, scope narrowed to `towing:read`) against the claims service.
 */
attack(
  {
    id: 'API2-JWT-AUD-001',
    title: 'a party token minted for towing is accepted as authentication at claims',
    defense: 'jwt-audience',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-287',
    asvs: 'V3.5.3',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: "the target accepts the other-audience token as authentication: it answers the route's scope refusal (403 AUTH.INSUFFICIENT_SCOPE), not the audience one; no data is read (ADR 0010)",
    auditedBy: 'claims',
    auditAction: 'token.rejected',
    attacker: 'dave',
  },
  () =>
    replayAtOtherAudience({
      username: 'dave',
      mintedFor: 'towing',
      scope: 'towing:read',
      target: env.claims,
      targetName: 'claims',
      path: '/claims',
    }),
);
