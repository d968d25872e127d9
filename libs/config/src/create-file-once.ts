import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Creates `file` holding `content` (mode 0600) unless it exists, and returns what the file holds
 * afterwards — this call's content, or the content of whoever created it first. For keys made on
 * first start: two processes starting at once agree on one key, and nobody ever reads a half
 * written file. The content goes to a private temporary file first, which is then hard-linked to
 * its name: the name appears with its whole content at once, or not at all (`EEXIST`). A plain
 * `writeFile(…, { flag: 'wx' })` creates the name first and fills it after, so the loser of the
 * race could read it empty.
 * @example const key = await createFileOnce('.keys/dev/web-session.key', randomKey());
 */
export async function createFileOnce(file: string, content: string): Promise<string> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}`);
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  } finally {
    await unlink(temporary);
  }
}
