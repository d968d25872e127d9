import { mkdtempSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateEventSigningKey, privateKeyFile, publicKeyFile } from './event-keys.js';
import { eventSignatureProblem, FileEventKeyResolver, signEvent } from './event-signature.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'claimguard-event-keys-'));

describe('event-signing keys', () => {
  it('creates a private key only its owner reads and publishes the public half', async () => {
    const dir = fresh();
    const key = await loadOrCreateEventSigningKey(dir, 'claims');
    expect(statSync(privateKeyFile(dir, 'claims')).mode & 0o777).toBe(0o600);
    const published = JSON.parse(readFileSync(publicKeyFile(dir, 'claims'), 'utf8')) as {
      kid: string;
      d?: string;
    };
    expect(published.kid).toBe(key.kid);
    expect(published.d).toBeUndefined();
    expect((await loadOrCreateEventSigningKey(dir, 'claims')).kid).toBe(key.kid);
  });

  it('writes nothing when both halves are already there (read-only mounted secrets)', async () => {
    const dir = fresh();
    const key = await loadOrCreateEventSigningKey(dir, 'towing');
    const published = publicKeyFile(dir, 'towing');
    utimesSync(published, new Date(0), new Date(0));
    expect((await loadOrCreateEventSigningKey(dir, 'towing')).kid).toBe(key.kid);
    expect(statSync(published).mtimeMs).toBe(0);
  });

  it('refuses a service name that could escape the folder', async () => {
    await expect(loadOrCreateEventSigningKey(fresh(), '../gateway')).rejects.toThrow(
      'not a service name',
    );
  });

  it("verifies a signature only with the claimed source's own key and over the exact bytes", async () => {
    const dir = fresh();
    const claims = await loadOrCreateEventSigningKey(dir, 'claims');
    const towing = await loadOrCreateEventSigningKey(dir, 'towing');
    const keys = new FileEventKeyResolver(dir);
    const value = Buffer.from('{"type":"ClaimApproved"}');
    expect(await eventSignatureProblem(keys, 'claims', value, await signEvent(claims, value))).toBe(
      undefined,
    );
    expect(await eventSignatureProblem(keys, 'claims', value, await signEvent(towing, value))).toBe(
      "event is not signed with claims's key",
    );
    expect(
      await eventSignatureProblem(
        keys,
        'claims',
        Buffer.from('{"type":"ClaimApproved","x":1}'),
        await signEvent(claims, value),
      ),
    ).toBe("event signature does not verify with claims's key");
    expect(await eventSignatureProblem(keys, 'claims', value, undefined)).toBe(
      'event is not signed',
    );
    expect(await eventSignatureProblem(keys, 'rental', value, await signEvent(claims, value))).toBe(
      'no trusted event key for source rental',
    );
    const [header, , signature] = (await signEvent(claims, value)).split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"claimguard-event+jws"}').toString('base64url')}..${signature}`;
    expect(await eventSignatureProblem(keys, 'claims', value, none)).toBe(
      'event signature alg none is not ES256',
    );
    expect(header).toBeTruthy();
  });
});
