import { describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE, renderLoginPage } from './login-page.js';

describe('renderLoginPage', () => {
  it('labels both fields and gives autocomplete hints', () => {
    const html = renderLoginPage({ uid: 'abc', clientName: 'ClaimGuard CLI' });
    expect(html).toContain('<label for="username">');
    expect(html).toContain('<label for="password">');
    expect(html).toMatch(/id="username"[^>]*autocomplete="username"/);
    expect(html).toMatch(/id="password"[^>]*type="password"[^>]*autocomplete="current-password"/);
    expect(html).toContain('action="/interaction/abc/login"');
  });

  it('has no script and no external asset', () => {
    const html = renderLoginPage({ uid: 'abc', clientName: 'x', error: LOGIN_FAILED_MESSAGE });
    expect(html).not.toMatch(/<script|style=|https?:\/\//i);
  });

  it('announces the error and escapes what it echoes', () => {
    const html = renderLoginPage({
      uid: 'abc',
      clientName: '<b>evil</b>',
      username: '"><img src=x>',
      error: LOGIN_FAILED_MESSAGE,
    });
    expect(html).toContain('role="alert">Invalid username or password.</p>');
    expect(html).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
    expect(html).not.toContain('<img');
  });
});
