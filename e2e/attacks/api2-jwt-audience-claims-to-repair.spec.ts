import { attack } from '../support/attack.js';
import { replayAtOtherAudience } from '../support/audience-replay.js';
import { env } from '../support/env.js';

/**
 * The same replay one hop further: a compromised claims service replays the party token the
 * gateway minted for it (audience `claims`, carol's party) at the repair service.
 */
attack(
  {
    id: 'API2-JWT-AUD-002',
    title: 'a party token minted for claims is accepted as authentication at repair',
    defense: 'jwt-audience',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-287',
    asvs: 'V3.5.3',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: "the target accepts the other-audience token as authentication: it answers the route's scope refusal (403 AUTH.INSUFFICIENT_SCOPE), not the audience one; no data is read (ADR 0010)",
    auditedBy: 'repair',
    auditAction: 'token.rejected',
    attacker: 'carol',
  },
  () =>
    replayAtOtherAudience({
      username: 'carol',
      mintedFor: 'claims',
      scope: 'claims:read',
      target: env.repair,
      targetName: 'repair',
      path: '/repair/orders',
    }),
);
