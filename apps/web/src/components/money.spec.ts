import { describe, expect, it } from 'vitest';
import { dollars, parseDollars } from './money';

describe('money', () => {
  it('shows cents as dollars', () => {
    expect(dollars(138_000)).toBe('$1,380.00');
  });

  it('reads typed amounts exactly, refusing anything that is not an amount', () => {
    expect(parseDollars('1,380.00')).toBe(138_000);
    expect(parseDollars('$99')).toBe(9_900);
    expect(parseDollars('0.29')).toBe(29);
    expect(parseDollars('12.345')).toBeUndefined();
    expect(parseDollars('-5')).toBeUndefined();
    expect(parseDollars('')).toBeUndefined();
    expect(parseDollars('1e5')).toBeUndefined();
  });
});
