import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileOnce } from './create-file-once.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-once-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createFileOnce', () => {
  it('creates the file with mode 0600 and leaves no temporary file behind', async () => {
    const file = join(dir, 'a.key');
    expect(await createFileOnce(file, 'first')).toBe('first');
    expect(await readFile(file, 'utf8')).toBe('first');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.key']);
  });

  it('keeps what exists: a second creation returns the first content', async () => {
    const file = join(dir, 'b.key');
    await createFileOnce(file, 'first');
    expect(await createFileOnce(file, 'second')).toBe('first');
  });

  it('makes fifty racers agree on one whole content, none of them reading it half written', async () => {
    const file = join(dir, 'c.key');
    // Large enough that a non-atomic write would be observed partly written.
    const contents = Array.from({ length: 50 }, (_, i) => `${i}:`.padEnd(256 * 1024, 'x'));
    const results = await Promise.all(contents.map((c) => createFileOnce(file, c)));
    expect(new Set(results).size).toBe(1);
    expect(contents).toContain(results[0]);
    expect(await readFile(file, 'utf8')).toBe(results[0]);
  });
});
