import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileOnce } from '@claimguard/config';

/** File name of the session key inside KEYS_DIR. */
export const SESSION_KEY_FILE = 'web-session.key';

/**
 * The 256-bit key that encrypts session cookies (A256GCM). Generated on first start into
 * `keysDir` (git-ignored, mode 0600) so no key is ever committed; kept across restarts so
 * sessions survive them. Two processes starting at once agree: only one file creation wins.
 * @example const key = await loadOrCreateSessionKey('.keys/dev');
 */
export async function loadOrCreateSessionKey(keysDir: string): Promise<Uint8Array> {
  const file = join(keysDir, SESSION_KEY_FILE);
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  let stored: string;
  try {
    stored = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    stored = await createFileOnce(file, randomBytes(32).toString('base64url'));
  }
  const key = Buffer.from(stored.trim(), 'base64url');
  if (key.length !== 32) throw new Error(`${file} does not hold a 256-bit key`);
  return new Uint8Array(key);
}
