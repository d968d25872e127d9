import { Inject, Injectable } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import type { RouteSpec } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { corsDecision, loggableOrigin } from '../cors/cors-policy.js';
import type { Caller } from '../edge-auth/caller.js';
import { EdgeAuthenticator } from '../edge-auth/edge-authenticator.js';
import { assertScopes, missingScopes } from '../edge-auth/scope-check.js';
import { assertRouteAuthentication } from '../edge-auth/step-up.js';
import { GatewayError, type AuditNote } from '../errors/gateway.error.js';
import { ManifestRegistry } from '../manifests/manifest-registry.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';
import { PartyTokenMinter } from '../party-token/party-token.minter.js';
import { RateLimits } from '../rate-limit/rate-limits.js';
import { upstreamHeaders } from './forward-headers.js';
import { echoesPartyToken } from './jwt-leak.js';
import { parsePublicPath } from './public-path.js';
import { shadowRoute } from './shadow-route.js';
import { relayStepUp } from './step-up-relay.js';
import { callUpstream, UPSTREAM_TIMEOUT_MS, type UpstreamResponse } from './upstream.client.js';
import { UpstreamTransport } from './upstream-transport.js';

/** One client request as the proxy sees it. */
export interface ProxyRequest {
  method: string;
  /** Raw request target: path and query exactly as the client sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * Parsed JSON body, or undefined when there was none. A Buffer is the raw body of another media
   * type the gateway reads for its own routes (the training sync): never forwarded.
   */
  body: unknown;
  correlationId: string;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The edge pipeline for `/api/<service>/…`, in this order:
 * 1. malformed path, or a body that is not JSON → 400 (nothing else is looked at);
 * 2. authenticate the bearer → 401 — before any route lookup, so callers without a valid token
 *    cannot tell existing routes from missing ones (no route enumeration, and no manifest fetches
 *    triggered by anonymous traffic); then the per-person rate limits → 429 (the per-IP limit ran
 *    before, in `ClientRateLimitGuard`);
 * 3. match the manifest (deny by default) → 404, or 503 when the service's manifest is unavailable
 *    (defense `inventory`: an unlisted path of a known service is audited; with it off — training
 *    only — it is forwarded anyway, a shadow/zombie API reached through the edge);
 * 4. required scopes → 403 (defense `bfla`; with it off — training only — any authenticated
 *    caller reaches any route, and the party token carries the route's scopes as if granted);
 *    then a route marked `mfa` needs an MFA login → 401 `insufficient_user_authentication`
 *    (defense `step-up`, RFC 9470);
 * 5. mint the party token and forward with the header allow-list → upstream answer, or 503 (also
 *    when the answering server's certificate is not the service's SPIFFE id — defense `mtls`: the
 *    party token is never sent to it).
 */
@Injectable()
export class ProxyService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches,
    private readonly edgeAuth: EdgeAuthenticator,
    private readonly manifests: ManifestRegistry,
    private readonly minter: PartyTokenMinter,
    private readonly rateLimits: RateLimits,
    private readonly upstreamTransport: UpstreamTransport,
  ) {}

  async handle(request: ProxyRequest): Promise<UpstreamResponse> {
    const target = parsePublicPath(request.url);
    if (target.kind === 'malformed') {
      throw new GatewayError(
        'REQUEST.MALFORMED',
        `The request path is malformed: ${target.reason}`,
      );
    }
    // The training sync's media type is parsed (as raw bytes) for every route, the gateway having
    // one parser table: on a service route it would be forwarded as `{"type":"Buffer",…}` under a
    // content type no service reads (found by the edge fuzz).
    if (Buffer.isBuffer(request.body)) {
      throw new GatewayError(
        'REQUEST.MALFORMED',
        'Only application/json request bodies are accepted',
      );
    }
    const caller = await this.edgeAuth.authenticate(
      request.headers.authorization,
      request.correlationId,
    );
    // Per person (and per person on expensive routes): before routing and scopes, so probing
    // forbidden or unknown routes spends the same budget (429 `GATEWAY.RATE_LIMITED`).
    await this.rateLimits.checkCaller(caller, request.method, request.url, request.correlationId);
    this.auditReflectedOrigin(request, caller);
    if (target.kind === 'not-routable') throw routeNotFound();
    const who = { sub: caller.sub, party: caller.party };
    const lookup = await this.manifests.lookup(
      target.service,
      request.method,
      target.servicePath,
      who,
    );
    const route =
      lookup.kind === 'matched'
        ? lookup.route
        : this.unlistedRoute(request, caller, target.service, target.servicePath);
    if (this.switches.isOn('bfla')) {
      assertScopes(caller, route);
    } else {
      const missing = missingScopes(caller.scopes, route.scopes);
      if (missing.length > 0) {
        audit(this.log, {
          action: 'defense.off',
          defense: 'bfla',
          correlationId: request.correlationId,
          sub: caller.sub,
          party: caller.party,
          reason: `route ${route.method} ${route.path} reached without ${missing.join(' ')} (defense bfla is off)`,
        });
      }
    }

    assertRouteAuthentication(caller, route, {
      switches: this.switches,
      log: this.log,
      correlationId: request.correlationId,
    });

    const partyToken = await this.minter.mint(caller, target.service, route);
    const hasBody = METHODS_WITH_BODY.has(request.method) && request.body !== undefined;
    const upstream = await callUpstream(
      {
        url: `${this.config.SERVICE_URLS.get(target.service) as string}${target.servicePath}${target.query}`,
        method: request.method,
        headers: upstreamHeaders(request.headers, {
          correlationId: request.correlationId,
          partyToken,
          hasBody,
        }),
        ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
        who,
      },
      UPSTREAM_TIMEOUT_MS,
      this.upstreamTransport.dispatcher,
    );
    if (echoesPartyToken(upstream.body, partyToken)) {
      // The service echoed its credential: withhold the whole body rather than leak it.
      this.log.error(
        { correlationId: request.correlationId, service: target.service, status: upstream.status },
        'upstream response echoed its party token; withheld',
      );
      throw new Error(`upstream ${target.service} echoed its party token`);
    }
    // A service's AUTH.STEP_UP_REQUIRED becomes the RFC 9470 challenge (e.g. claims' $5,000 rule).
    relayStepUp(upstream);
    return upstream;
  }

  /**
   * A path under a known service that its manifest does not list (method + path). Defense
   * `inventory` on: 404, audited for the blue team (someone is probing for shadow or zombie routes).
   * Off (training only): the made-up {@link shadowRoute}, audited as a training-path use.
   */
  private unlistedRoute(
    request: ProxyRequest,
    caller: Caller,
    service: string,
    servicePath: string,
  ): RouteSpec {
    if (!this.config.SERVICE_URLS.has(service)) throw routeNotFound();
    const resource = `${request.method} ${servicePath}`;
    if (this.switches.isOn('inventory')) {
      throw routeNotFound({
        reason: `${resource} is not in the ${service} route manifest`,
        defense: 'inventory',
        sub: caller.sub,
        party: caller.party,
      });
    }
    audit(this.log, {
      action: 'defense.off',
      defense: 'inventory',
      correlationId: request.correlationId,
      sub: caller.sub,
      party: caller.party,
      resource,
      reason: `${resource} is not in the ${service} route manifest and was forwarded anyway (defense inventory is off)`,
    });
    return shadowRoute(service, request.method, servicePath, caller.scopes);
  }

  /**
   * With defense `cors` off the edge hook reflected a foreign `Origin` with credentials; this is
   * where the person behind such a cross-origin request is known, so the training-path use is
   * audited here, with `sub`.
   */
  private auditReflectedOrigin(request: ProxyRequest, caller: Caller): void {
    const { origin } = request.headers;
    if (typeof origin !== 'string') return;
    const decision = corsDecision(
      origin,
      this.config.CORS_ALLOWED_ORIGINS,
      this.switches.isOn('cors'),
    );
    if (decision.kind !== 'reflected') return;
    audit(this.log, {
      action: 'defense.off',
      defense: 'cors',
      correlationId: request.correlationId,
      sub: caller.sub,
      party: caller.party,
      resource: `${request.method} ${request.url.split('?')[0] ?? ''}`,
      reason: `credentialed cross-origin request from ${loggableOrigin(origin)} readable by its script (defense cors is off)`,
    });
  }
}

function routeNotFound(note?: AuditNote): GatewayError {
  return new GatewayError('GATEWAY.ROUTE_NOT_FOUND', 'No such route', note ? { audit: note } : {});
}
