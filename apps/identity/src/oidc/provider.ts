import { audit } from '@claimguard/observability';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { requestContext } from '../events/identity-events.js';
import { buildOidcConfiguration, type OidcDeps } from './configuration.js';
import {
  installOauthTrainingPaths,
  refusingDefense,
  type OidcRefusal,
} from './oauth-training-paths.js';
import {
  remoteKeys,
  TOKEN_EXCHANGE_GRANT,
  TOKEN_EXCHANGE_PARAMS,
  tokenExchangeHandler,
} from './token-exchange.js';

/**
 * The OpenID Provider. Unexpected errors are logged with their cause; the client sees only
 * oidc-provider's generic `server_error`.
 */
export function createProvider(deps: OidcDeps): Provider {
  const provider = new Provider(deps.config.ISSUER, buildOidcConfiguration(deps));
  const { log, config } = deps;
  installOauthTrainingPaths(provider, { defenses: config.defenses, log });
  if (config.RENTAL_CLIENT_SECRET && config.PARTY_TOKEN_ISSUER && config.PARTY_TOKEN_JWKS_URL) {
    provider.registerGrantType(
      TOKEN_EXCHANGE_GRANT,
      tokenExchangeHandler({
        signingKey: deps.keys.signingKey,
        issuer: config.ISSUER,
        subjectIssuer: config.PARTY_TOKEN_ISSUER,
        getSubjectKey: remoteKeys(config.PARTY_TOKEN_JWKS_URL),
      }),
      [...TOKEN_EXCHANGE_PARAMS],
    );
  }

  provider.on('server_error', (ctx: KoaContextWithOIDC, err: Error) => {
    log.error({ err, route: ctx.oidc?.route }, 'oidc server error');
  });
  const refused = (event: string) => (ctx: KoaContextWithOIDC, err: Error & OidcRefusal) => {
    const defense = refusingDefense(err);
    if (defense) {
      const correlationId = requestContext.getStore()?.correlationId;
      const client = ctx.oidc?.client?.clientId;
      audit(log, {
        action: defense === 'code-single-use' ? 'token.rejected' : 'authz.denied',
        defense,
        ...(correlationId ? { correlationId } : {}),
        ...(client ? { resource: `client:${client}` } : {}),
        reason: `${err.error ?? 'refused'}: ${err.error_detail ?? err.error_description ?? ''}`,
      });
      return;
    }
    log.info(
      {
        event,
        error: err.error,
        description: err.error_description,
        client: ctx.oidc?.client?.clientId,
      },
      'oidc request refused',
    );
  };
  // Errors the provider answers itself: logged by code and description, never with token values.
  provider.on('authorization.error', refused('authorization.error'));
  provider.on('grant.error', refused('grant.error'));
  provider.on('introspection.error', refused('introspection.error'));
  provider.on('revocation.error', refused('revocation.error'));
  provider.on('end_session.error', refused('end_session.error'));
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    audit(log, {
      action: 'token.revoked',
      resource: `grant:${grantId}`,
      reason: `grant revoked at ${ctx.oidc?.route ?? 'unknown route'}`,
    });
  });
  return provider;
}
