import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, Pool, type Dispatcher } from 'undici';
import { expectServer, presentedIdentity, spiffeIdOf } from '@claimguard/auth';
import type { DefenseSwitches } from '@claimguard/config';
import { audit, type Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';

/** The gateway's TLS files as its config names them: all three, or none for plain http. */
export type UpstreamTlsFiles = Pick<
  GatewayConfig,
  'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'TLS_CA_FILE'
>;

type ServerCheck = (host: string, cert: PeerCertificate) => Error | undefined;

/**
 * Which workload must answer at each origin of `SERVICE_URLS`: `https://127.0.0.1:7001` →
 * `claims`. The check is per origin because every service shares the loopback address and every
 * dev certificate the same host names: only the port tells the services apart, and only the
 * SPIFFE id tells a service from another workload holding its port.
 */
export function expectedWorkloads(serviceUrls: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...serviceUrls].map(([service, url]) => [new URL(url).origin, service]));
}

/**
 * The connection pool the gateway calls services with (proxy and manifest fetches). With TLS files
 * it presents the gateway's own certificate (`spiffe://claimguard.local/gateway`), trusts only our
 * CA, and — defense `mtls` — accepts a server only when its certificate's SPIFFE id is exactly the
 * service `expected` names for that origin (an origin no service owns is refused too): a workload
 * holding another service's port never receives that service's party tokens. Without TLS files it
 * speaks plain http.
 * @example const agent = upstreamAgent(config, expectedWorkloads(config.SERVICE_URLS));
 */
export function upstreamAgent(
  tls: UpstreamTlsFiles,
  expected: ReadonlyMap<string, string>,
  /** The training path's check (server identity not enforced); the secure one by default. */
  checkFor: (workload: string | undefined, origin: string) => ServerCheck = secureCheck,
): Agent {
  if (!tls.TLS_CERT_FILE || !tls.TLS_KEY_FILE || !tls.TLS_CA_FILE) return new Agent();
  const files = {
    cert: readFileSync(tls.TLS_CERT_FILE),
    key: readFileSync(tls.TLS_KEY_FILE),
    ca: readFileSync(tls.TLS_CA_FILE),
  };
  return new Agent({
    factory: (origin, options) => {
      const key = new URL(String(origin)).origin;
      return new Pool(origin, {
        ...options,
        connect: { ...files, checkServerIdentity: checkFor(expected.get(key), key) },
      });
    },
  });
}

function secureCheck(workload: string | undefined): ServerCheck {
  return expectServer(workload ?? '(no service at this origin)');
}

/**
 * The gateway's upstream pools, closed when the gateway shuts down. Defense `mtls` is read per
 * request: on, the secure pool (every connection's server identity checked); off (training only,
 * never built in production), a pool of its own whose connections skip the check and audit it as
 * `defense.off`. Two pools, so a connection opened while the defense was off is never reused
 * after it is turned back on.
 */
@Injectable()
export class UpstreamTransport implements OnApplicationShutdown {
  private readonly secure: Agent;
  private readonly training: Agent | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches,
    @Inject(GATEWAY_LOGGER) log: Logger,
  ) {
    const expected = expectedWorkloads(config.SERVICE_URLS);
    this.secure = upstreamAgent(config, expected);
    this.training = switches.frozen
      ? undefined
      : upstreamAgent(config, expected, trainingCheck(log));
  }

  /** The pool for the next request, as defense `mtls` stands now. */
  get dispatcher(): Dispatcher {
    return this.switches.isOn('mtls') || !this.training ? this.secure : this.training;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.secure.close(), this.training?.close()]);
  }
}

/**
 * Training path of defense `mtls` at the gateway: any certificate of our CA answers for any
 * service. A connection to the wrong workload is let through and audited (`defense.off`, the
 * workload named as the actor the scoreboard credits).
 */
export function trainingCheck(
  log: Logger,
): (workload: string | undefined, origin: string) => ServerCheck {
  return (workload, origin) => (_host, cert) => {
    const expectedId = spiffeIdOf(workload ?? '(no service at this origin)');
    const presented = presentedIdentity(cert);
    if (presented !== expectedId) {
      const name = /^spiffe:\/\/[^/]+\/([a-z][a-z0-9-]*)$/.exec(presented)?.[1];
      audit(log, {
        action: 'defense.off',
        defense: 'mtls',
        actor: name ? `workload ${name}` : `server ${presented}`,
        resource: origin,
        reason: `server identity ${presented} accepted at ${origin}, expected ${expectedId} (defense mtls is off)`,
      });
    }
    return undefined;
  };
}
