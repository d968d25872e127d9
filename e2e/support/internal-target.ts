import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { E2E_PHOTO_HOSTS, issueServerCertificate } from '@claimguard/testing';
import { env } from './env.js';

/**
 * The SSRF scenarios' https targets, on loopback only, with a certificate from the stack's dev CA
 * (which claims trusts for photo fetches through `PHOTO_CA_FILE` in dev/test stacks):
 * - `internal`: a stand-in for an internal admin or metadata endpoint, listening on 127.0.0.1 and
 *   ::1 (one port), answering every path with a JSON body holding a per-run secret. Its content
 *   type carries a per-run marker, so what claims records proves this very body was read.
 * - `publicHost`: the stack's stand-in for a public photo host (`photos.claimguard.test`, which
 *   claims resolves to 127.0.0.2 and treats as public), answering every path with a 302 to the
 *   internal endpoint.
 * Each counts the requests it served, by the address they reached.
 */
export interface InternalTarget {
  /** The internal endpoint's port (127.0.0.1 and ::1). */
  port: number;
  /** The public stand-in's port (127.0.0.2). */
  publicPort: number;
  /** What the internal endpoint answers: its exact content type, body length and body hash. */
  secret: { contentType: string; sizeBytes: number; sha256: string };
  /** Requests served so far: `internal` by the local address they reached, `publicHost` in all. */
  hits: { internal: string[]; publicHost: number };
  stop(): Promise<void>;
}

/** Starts the targets; stop them with {@link InternalTarget.stop}. */
export async function startInternalTarget(): Promise<InternalTarget> {
  const { name, address } = E2E_PHOTO_HOSTS.publicStandIn;
  const tls = await issueServerCertificate(join(env.keysDir, 'pki'), {
    dns: [E2E_PHOTO_HOSTS.internal, name],
    // ::ffff:7f00:1 is how URL parsing writes [::ffff:127.0.0.1]: the certificate must name it.
    ips: ['127.0.0.1', '::1', '::ffff:7f00:1', address],
  });
  const marker = randomBytes(8).toString('hex');
  const body = JSON.stringify({
    service: 'internal-admin',
    secret: `cg-internal-${randomBytes(12).toString('hex')}`,
  });
  const secret = {
    contentType: `application/json; marker=${marker}`,
    sizeBytes: Buffer.byteLength(body),
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  const hits: InternalTarget['hits'] = { internal: [], publicHost: 0 };
  const internal = (): Server =>
    createServer(tls, (req, res) => {
      hits.internal.push(req.socket.localAddress ?? '?');
      res.writeHead(200, { 'content-type': secret.contentType }).end(body);
    });
  const v4 = internal();
  const port = await listen(v4, 0, '127.0.0.1');
  const v6 = internal();
  await listen(v6, port, '::1');
  const publicHost = createServer(tls, (_req, res) => {
    hits.publicHost += 1;
    res.writeHead(302, { location: `https://127.0.0.1:${port}/admin/secret` }).end();
  });
  const publicPort = await listen(publicHost, 0, address);
  return {
    port,
    publicPort,
    secret,
    hits,
    stop: async () => {
      await Promise.all(
        [v4, v6, publicHost].map((server) => new Promise((resolve) => server.close(resolve))),
      );
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
