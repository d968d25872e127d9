import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const headers = securityHeaders({
    nonce: 'bm9uY2UtdmFsdWU=',
    secure: false,
    formTargets: ['http://localhost:4000'],
  });
  const csp = headers['content-security-policy']!;
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));

  it('allows scripts only with the nonce, never inline or eval', () => {
    expect(directive('script-src')).toBe(
      "script-src 'self' 'nonce-bm9uY2UtdmFsdWU=' 'strict-dynamic'",
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('forbids framing and lets forms reach only this app and identity', () => {
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('form-action')).toBe("form-action 'self' http://localhost:4000");
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('sends no referrer to other sites and no sniffing, and HSTS only over TLS', () => {
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers).not.toHaveProperty('strict-transport-security');
    const tls = securityHeaders({ nonce: 'n', secure: true, formTargets: [] });
    expect(tls['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(tls['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
