import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
  try {
    await writeFile(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  if (key.length !== 32) throw new Error(`${file} does not hold a 256-bit key`);
  return new Uint8Array(key);
}
