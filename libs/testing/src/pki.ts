import 'reflect-metadata'; // @peculiar/x509's tsyringe needs it loaded first
import { webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { SPIFFE_TRUST_DOMAIN } from '@claimguard/contracts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Every workload the dev PKI issues a certificate to; `ops` is the dev runner's health checks. */
export const DEV_WORKLOADS = ['gateway', 'claims', 'towing', 'repair', 'rental', 'ops'] as const;

const HOUR_MS = 3_600_000;
const CA_LIFETIME_MS = 30 * 24 * HOUR_MS;
const LEAF_LIFETIME_MS = 24 * HOUR_MS;
/** A certificate expiring sooner than this is issued again on the next start. */
const RENEW_BEFORE_MS = HOUR_MS;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The PEM files of one workload, as `TLS_CERT_FILE`, `TLS_KEY_FILE` and `TLS_CA_FILE` name them. */
export interface WorkloadTlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface DevPki {
  dir: string;
  caFile: string;
  /** One entry per workload asked for. */
  workloads: Record<string, WorkloadTlsFiles>;
}

/**
 * Makes sure `dir` holds a dev CA (EC P-256, 30 days) and a short-lived (24 h) certificate per
 * workload whose SAN is `URI:spiffe://claimguard.local/<name>`, `DNS:localhost`,
 * `IP:127.0.0.1`. Missing files and certificates expiring within the hour are issued again (a new
 * CA re-issues every leaf); private keys are written 0600. Never commit `dir`: it is generated.
 * @example const pki = await ensureDevPki('.keys/dev/pki'); pki.workloads.claims.certFile
 */
export async function ensureDevPki(
  dir: string,
  workloads: readonly string[] = DEV_WORKLOADS,
  now: Date = new Date(),
): Promise<DevPki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  let ca = await loadValid(caFile, caKeyFile, now);
  const caRenewed = !ca;
  if (!ca) {
    ca = await issueCa(now);
    await writePair(caFile, caKeyFile, ca);
  }
  const result: DevPki = { dir, caFile, workloads: {} };
  for (const name of workloads) {
    const certFile = join(dir, `${name}.crt`);
    const keyFile = join(dir, `${name}.key`);
    const current = caRenewed ? undefined : await loadValid(certFile, keyFile, now, ca.cert);
    if (!current) await writePair(certFile, keyFile, await issueLeaf(name, ca, now));
    result.workloads[name] = { certFile, keyFile, caFile };
  }
  return result;
}

/** The SPIFFE id the dev PKI puts in a workload's certificate. */
export function spiffeIdOf(workload: string): string {
  return `spiffe://${SPIFFE_TRUST_DOMAIN}/${workload}`;
}

interface Issued {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

async function issueCa(now: Date): Promise<Issued> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=ClaimGuard dev CA',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + CA_LIFETIME_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function issueLeaf(name: string, ca: Issued, now: Date): Promise<Issued> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${name}`,
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + LEAF_LIFETIME_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // Every workload is both a server (services) and a client (gateway, ops, service to service).
      new x509.ExtendedKeyUsageExtension(
        [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
        false,
      ),
      new x509.SubjectAlternativeNameExtension([
        { type: 'url', value: spiffeIdOf(name) },
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { cert, keys };
}

/** A server certificate and its private key, as PEM, for a node `https` server. */
export interface ServerCertificate {
  cert: string;
  key: string;
}

/**
 * Issues a short-lived (24 h) TLS server certificate from the dev CA in `dir` (which
 * {@link ensureDevPki} made), kept in memory only: e.g. the e2e suite's https stand-ins for an
 * internal endpoint and a public photo host, which claims trusts through `PHOTO_CA_FILE`. The SAN
 * lists `dns` names and `ips` (IPv4 or IPv6) exactly; no SPIFFE id, so it is no workload's identity
 * and no service's mTLS accepts it as a caller.
 * @example const { cert, key } = await issueServerCertificate(pki.dir, { dns: ['localhost'], ips: ['::1'] });
 */
export async function issueServerCertificate(
  dir: string,
  san: { dns: readonly string[]; ips: readonly string[] },
  now: Date = new Date(),
): Promise<ServerCertificate> {
  const ca = await loadValid(join(dir, 'ca.crt'), join(dir, 'ca.key'), now);
  if (!ca) throw new Error(`no valid dev CA in ${dir}: start a stack (ensureDevPki) first`);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${san.dns[0] ?? san.ips[0] ?? 'stand-in'}`,
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + LEAF_LIFETIME_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...san.dns.map((value) => ({ type: 'dns' as const, value })),
        ...san.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** The pair in `certFile`/`keyFile` when both exist, parse, outlive the renewal margin and chain to `ca`. */
async function loadValid(
  certFile: string,
  keyFile: string,
  now: Date,
  ca?: x509.X509Certificate,
): Promise<Issued | undefined> {
  try {
    const cert = new x509.X509Certificate(await readFile(certFile, 'utf8'));
    if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) return undefined;
    if (ca && !(await cert.verify({ publicKey: ca.publicKey, date: now }))) return undefined;
    const der = x509.PemConverter.decodeFirst(await readFile(keyFile, 'utf8'));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
    const spki = cert.publicKey.rawData;
    const publicKey = await webcrypto.subtle.importKey('spki', spki, ALGORITHM, true, ['verify']);
    return { cert, keys: { privateKey, publicKey } };
  } catch {
    return undefined;
  }
}

async function writePair(certFile: string, keyFile: string, issued: Issued): Promise<void> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', issued.keys.privateKey);
  // Key first, through a temporary file created 0600: it is never readable by others, not even briefly.
  const tmp = `${keyFile}.${process.pid}.tmp`;
  await writeFile(tmp, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, keyFile);
  await writeFile(certFile, issued.cert.toString('pem'));
}

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString('hex');
}
