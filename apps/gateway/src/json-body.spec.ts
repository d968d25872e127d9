import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-body.js';

const text = (s: string) => Buffer.from(s);
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestedDeeperThan', () => {
  it('counts nested arrays and objects', () => {
    expect(nestedDeeperThan(text('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(nestedDeeperThan(text('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(nestedDeeperThan(text(arrays(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(text(arrays(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH)).toBe(true);
  });

  it('counts siblings once, not their sum', () => {
    expect(nestedDeeperThan(text(`[${Array(100).fill('[1]').join(',')}]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestedDeeperThan(text(JSON.stringify({ a: '[[[[{{{{', b: '\\"[[[[' })), 1)).toBe(false);
    expect(nestedDeeperThan(text(JSON.stringify(['é😀[[[', ['x']])), 2)).toBe(false);
  });

  it('finds the depth that would overflow JSON.stringify in a body far under 1 MiB', () => {
    expect(nestedDeeperThan(text(arrays(100_000)), MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan(text('{"a":'.repeat(5000) + '{}' + '}'.repeat(5000)), 64)).toBe(true);
  });
});
