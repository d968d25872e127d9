import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const USER = '00000000-0000-4000-8000-000000000003';

  it('seals a secret so that it opens only for the same user and never shows in the stored form', () => {
    const sealed = box.seal('KNSWG4TFORQXGZLDOJSXI43UN5ZHSMRQ', USER);
    expect(sealed).not.toContain('KNSWG4TF');
    expect(sealed).not.toBe(box.seal('KNSWG4TFORQXGZLDOJSXI43UN5ZHSMRQ', USER));
    expect(box.open(sealed, USER)).toBe('KNSWG4TFORQXGZLDOJSXI43UN5ZHSMRQ');
    expect(() => box.open(sealed, '00000000-0000-4000-8000-000000000004')).toThrow();
  });

  it('refuses an altered value and a value sealed with another key', () => {
    const sealed = box.seal('SECRET', USER);
    const parts = sealed.split('.');
    parts[2] = Buffer.from('SECRFT').toString('base64url');
    expect(() => box.open(parts.join('.'), USER)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, USER)).toThrow();
  });
});
