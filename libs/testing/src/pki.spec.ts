import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDevPki } from './pki.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-pki-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const certOf = async (file: string) => new X509Certificate(await readFile(file));

describe('ensureDevPki', () => {
  it('issues a CA and one certificate per workload naming it by SPIFFE id, signed by the CA', async () => {
    const pki = await ensureDevPki(dir, ['gateway', 'claims']);
    const ca = await certOf(pki.caFile);
    expect(ca.ca).toBe(true);
    const gateway = await certOf(pki.workloads.gateway!.certFile);
    expect(gateway.subjectAltName).toBe(
      'URI:spiffe://claimguard.local/gateway, DNS:localhost, IP Address:127.0.0.1',
    );
    expect(gateway.verify(ca.publicKey)).toBe(true);
    expect(gateway.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const lifetime = Date.parse(gateway.validTo) - Date.parse(gateway.validFrom);
    expect(lifetime).toBeLessThanOrEqual(25 * 3_600_000);
    const caLifetime = Date.parse(ca.validTo) - Date.parse(ca.validFrom);
    expect(caLifetime).toBeGreaterThan(29 * 24 * 3_600_000);
    expect((await stat(pki.workloads.claims!.keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'ca.key'))).mode & 0o777).toBe(0o600);
  });

  it('keeps valid certificates on the next start', async () => {
    const first = await ensureDevPki(dir, ['claims']);
    const before = await readFile(first.workloads.claims!.certFile, 'utf8');
    await ensureDevPki(dir, ['claims']);
    expect(await readFile(first.workloads.claims!.certFile, 'utf8')).toBe(before);
  });

  it('issues again a certificate that is missing, broken or expires within the hour', async () => {
    const pki = await ensureDevPki(dir, ['claims', 'towing']);
    const claims = await readFile(pki.workloads.claims!.certFile, 'utf8');
    const ca = await readFile(pki.caFile, 'utf8');
    await writeFile(pki.workloads.towing!.certFile, 'not a certificate');
    await ensureDevPki(dir, ['claims', 'towing']);
    expect((await certOf(pki.workloads.towing!.certFile)).subjectAltName).toContain('/towing');
    // 23.5 hours later the leaves expire within the hour; the 30-day CA stays.
    await ensureDevPki(dir, ['claims', 'towing'], new Date(Date.now() + 23.5 * 3_600_000));
    expect(await readFile(pki.workloads.claims!.certFile, 'utf8')).not.toBe(claims);
    expect(await readFile(pki.caFile, 'utf8')).toBe(ca);
  });

  it('re-issues every certificate under a new CA when the CA is gone', async () => {
    const pki = await ensureDevPki(dir, ['claims']);
    await rm(pki.caFile);
    await ensureDevPki(dir, ['claims']);
    const ca = await certOf(pki.caFile);
    expect((await certOf(pki.workloads.claims!.certFile)).verify(ca.publicKey)).toBe(true);
  });
});
