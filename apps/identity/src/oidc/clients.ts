import type { ClientMetadata } from 'oidc-provider';
import type { IdentityEnv } from '../config.js';
import { TOKEN_EXCHANGE_GRANT } from './token-exchange.js';

/** The first-party clients identity knows; there is no dynamic registration. */
export const CLIENT_IDS = {
  cli: 'claimguard-cli',
  web: 'claimguard-web',
  gateway: 'claimguard-gateway',
  rental: 'claimguard-rental',
} as const;

type ClientsConfig = Pick<
  IdentityEnv,
  | 'CLI_REDIRECT_URIS'
  | 'WEB_REDIRECT_URIS'
  | 'WEB_CLIENT_SECRET'
  | 'GATEWAY_CLIENT_SECRET'
  | 'RENTAL_CLIENT_SECRET'
>;

/**
 * - `claimguard-cli`: public native client (RFC 8252): no secret, PKCE, loopback redirect whose
 *   port may vary, refresh tokens rotated on every use.
 * - `claimguard-web`: the web BFF, a confidential client (HTTP Basic secret).
 * - `claimguard-gateway`: a resource server: it authenticates only to introspect tokens and can
 *   obtain no token of its own (no grant type, no response type, no redirect URI).
 * - `claimguard-rental` (only with `RENTAL_CLIENT_SECRET`): the rental service, a confidential
 *   client whose only grant is token exchange (RFC 8693; what it may exchange: token-exchange.ts).
 */
export function buildClients(config: ClientsConfig): ClientMetadata[] {
  return [
    {
      client_id: CLIENT_IDS.cli,
      client_name: 'ClaimGuard CLI',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: config.CLI_REDIRECT_URIS,
    },
    {
      client_id: CLIENT_IDS.web,
      client_name: 'ClaimGuard',
      client_secret: config.WEB_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: config.WEB_REDIRECT_URIS,
      // After RP-initiated logout the browser may return to the web app's home page.
      post_logout_redirect_uris: [
        ...new Set(config.WEB_REDIRECT_URIS.map((u) => new URL('/', u).href)),
      ],
    },
    {
      client_id: CLIENT_IDS.gateway,
      client_name: 'ClaimGuard gateway',
      client_secret: config.GATEWAY_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
    ...(config.RENTAL_CLIENT_SECRET
      ? [
          {
            client_id: CLIENT_IDS.rental,
            client_name: 'ClaimGuard rental service',
            client_secret: config.RENTAL_CLIENT_SECRET,
            token_endpoint_auth_method: 'client_secret_basic',
            grant_types: [TOKEN_EXCHANGE_GRANT],
            response_types: [],
            redirect_uris: [],
          } satisfies ClientMetadata,
        ]
      : []),
  ];
}
