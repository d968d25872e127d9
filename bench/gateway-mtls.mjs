#!/usr/bin/env node
// Gateway → service hop with mTLS on and off: what the defense `mtls` adds to every proxied
// request. The gateway side is the gateway's own upstream client (`callUpstream` with the agent
// `upstreamAgent` builds from its TLS files); the service side is Fastify with the https options
// every service gets from service-kit (`serviceHttpsOptions`: client certificate required) and the
// caller check of libs/auth (`peerIdentityOf`). Off = the same client and server on plain http,
// which is how the stack runs without TLS files. Both ways run in the same process, interleaved in
// rounds, so machine load hits both alike.
//
//   pnpm build && node bench/gateway-mtls.mjs [--requests 2000] [--warmup 200] [--rounds 10] [--json]
//
// Two connection regimes: `pooled` (the gateway's agent keeps connections alive: the usual case,
// the handshake is paid once) and `fresh` (a new connection per request: the worst case, a full
// TLS 1.3 handshake with both certificates each time). Only on 127.0.0.1, a temporary PKI (removed
// at exit), hard limit 2 minutes. Exits non-zero when a request fails or a caller is misnamed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { callUpstream } from '../apps/gateway/dist/proxy/upstream.client.js';
import { upstreamAgent } from '../apps/gateway/dist/proxy/upstream-transport.js';
import { peerIdentityOf } from '../libs/auth/dist/index.js';
import { SPIFFE_TRUST_DOMAIN } from '../libs/contracts/dist/index.js';
import { refuseUnverifiedClients, serviceHttpsOptions } from '../libs/service-kit/dist/index.js';
import { ensureDevPki } from '../libs/testing/dist/index.js';

// Fastify as the services run it: taken from service-kit (pnpm does not hoist it to the root).
const Fastify = createRequire(new URL('../libs/service-kit/package.json', import.meta.url))(
  'fastify',
);

const HARD_LIMIT_MS = 120_000;
const print = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => process.stderr.write(`[gateway-mtls] ${line}\n`);
const ALL_ON = { isOn: () => true };
const NO_TLS = { TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined, TLS_CA_FILE: undefined };

function options() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const requests = Number(values.requests);
  const warmup = Number(values.warmup);
  const rounds = Number(values.rounds);
  for (const [name, n] of Object.entries({ requests, warmup, rounds })) {
    if (!Number.isInteger(n) || n < 1 || n > 20_000) throw new Error(`--${name}: 1..20000`);
  }
  if (requests % rounds !== 0) throw new Error('--requests must be a multiple of --rounds');
  return { requests, warmup, rounds, json: values.json };
}

/** A service-shaped endpoint: with `tls` it requires and checks the gateway's certificate. */
async function startService(tls) {
  const https = serviceHttpsOptions(tls);
  const app = Fastify(https ? { https } : {});
  // As create-service-app does: a caller without a verified certificate is cut off (switch read live).
  if (https) refuseUnverifiedClients(app.server, ALL_ON, { warn() {} });
  app.get('/claims/:id', async (request) => {
    if (https) {
      const peer = peerIdentityOf(request.raw.socket, SPIFFE_TRUST_DOMAIN);
      if (!peer.verified || peer.workload !== 'gateway') throw new Error('caller not the gateway');
    }
    return { id: request.params.id, status: 'SUBMITTED', amountCents: 125_000 };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address();
  return { app, url: `${https ? 'https' : 'http'}://127.0.0.1:${port}` };
}

/** The gateway expects claims' SPIFFE id at the service's origin, as in the stacks. */
const expectClaimsAt = (url) => new Map([[new URL(url).origin, 'claims']]);

/** One gateway → service call; `fresh` opens (and closes) a connection of its own. */
async function hop(way, fresh, i) {
  const agent = fresh ? upstreamAgent(way.tls, expectClaimsAt(way.url)) : way.agent;
  const start = performance.now();
  const answer = await callUpstream(
    { url: `${way.url}/claims/C-${i}`, method: 'GET', headers: { accept: 'application/json' } },
    5000,
    agent,
  );
  const ms = performance.now() - start;
  if (fresh) await agent.close();
  if (answer.status !== 200) throw new Error(`${way.name}: status ${answer.status}`);
  return ms;
}

const rank = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 1000) / 1000;
  return { n: sorted.length, p50: r(rank(sorted, 0.5)), p99: r(rank(sorted, 0.99)) };
}

async function main() {
  const opts = options();
  const limit = setTimeout(() => {
    note('hard limit reached, giving up');
    process.exit(2);
  }, HARD_LIMIT_MS);
  limit.unref();
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-mtls-'));
  const ways = [];
  try {
    const pki = await ensureDevPki(join(dir, 'pki'), ['gateway', 'claims']);
    const files = (w) => ({
      TLS_CERT_FILE: pki.workloads[w].certFile,
      TLS_KEY_FILE: pki.workloads[w].keyFile,
      TLS_CA_FILE: pki.caFile,
    });
    for (const [name, serverTls, clientTls] of [
      ['mtls', files('claims'), files('gateway')],
      ['http', NO_TLS, NO_TLS],
    ]) {
      const service = await startService(serverTls);
      ways.push({
        name,
        ...service,
        tls: clientTls,
        agent: upstreamAgent(clientTls, expectClaimsAt(service.url)),
      });
    }
    const results = {};
    for (const fresh of [false, true]) {
      const regime = fresh ? 'fresh' : 'pooled';
      const samples = Object.fromEntries(ways.map((w) => [w.name, []]));
      for (const way of ways) for (let i = 0; i < opts.warmup; i++) await hop(way, fresh, i);
      const perRound = opts.requests / opts.rounds;
      for (let round = 0; round < opts.rounds; round++) {
        // Alternate which way goes first, so neither always runs on a warmer machine.
        const order = round % 2 === 0 ? ways : [...ways].reverse();
        for (const way of order) {
          for (let i = 0; i < perRound; i++) samples[way.name].push(await hop(way, fresh, i));
        }
      }
      const on = stats(samples.mtls);
      const off = stats(samples.http);
      results[regime] = {
        mtls: on,
        http: off,
        ratio: {
          p50: Math.round((on.p50 / off.p50) * 100) / 100,
          p99: Math.round((on.p99 / off.p99) * 100) / 100,
        },
        addedMs: {
          p50: Math.round((on.p50 - off.p50) * 1000) / 1000,
          p99: Math.round((on.p99 - off.p99) * 1000) / 1000,
        },
      };
    }
    const report = {
      bench: 'gateway-mtls',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadavg1: Math.round(loadavg()[0] * 100) / 100,
      requests: opts.requests,
      warmup: opts.warmup,
      rounds: opts.rounds,
      results,
    };
    if (opts.json) {
      print(JSON.stringify(report, null, 2));
    } else {
      print(
        `gateway → service hop, ${opts.requests} requests per way and regime (${opts.rounds} interleaved rounds, ` +
          `warm-up ${opts.warmup}), node ${process.version}, ${report.cpus} CPUs, load ${report.loadavg1}`,
      );
      for (const [regime, r] of Object.entries(results)) {
        print(
          `${regime.padEnd(6)}  mTLS p50 ${r.mtls.p50} ms  p99 ${r.mtls.p99} ms | ` +
            `http p50 ${r.http.p50} ms  p99 ${r.http.p99} ms | ` +
            `ratio mTLS/http p50 ${r.ratio.p50}  p99 ${r.ratio.p99} | added p50 ${r.addedMs.p50} ms  p99 ${r.addedMs.p99} ms`,
        );
      }
    }
  } finally {
    for (const way of ways) {
      await way.agent.close();
      await way.app.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  note(`${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
