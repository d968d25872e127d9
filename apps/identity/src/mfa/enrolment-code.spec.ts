import { describe, expect, it } from 'vitest';
import { hashEnrolmentCode, newEnrolmentCode } from './enrolment-code.js';

describe('enrolment codes', () => {
  it('are 16 base32 characters in four groups, fresh each time, kept as a SHA-256 hash', () => {
    const a = newEnrolmentCode();
    const b = newEnrolmentCode();
    expect(a.code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(a.code).not.toBe(b.code);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.code.replaceAll('-', '').toLowerCase());
  });

  it('hash the same however they are typed, and differently from any other code', () => {
    const { code, hash } = newEnrolmentCode();
    expect(hashEnrolmentCode(code.toLowerCase().replaceAll('-', ' '))).toBe(hash);
    expect(hashEnrolmentCode(code.replaceAll('-', ''))).toBe(hash);
    expect(hashEnrolmentCode(`${code}A`)).not.toBe(hash);
    expect(hashEnrolmentCode('')).not.toBe(hash);
  });
});
