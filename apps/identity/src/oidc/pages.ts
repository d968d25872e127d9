import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, htmlDocument, PAGE_HEADERS } from '../http/html.js';

function setPage(ctx: KoaContextWithOIDC, html: string): void {
  ctx.set(PAGE_HEADERS);
  ctx.type = 'html';
  ctx.body = html;
}

/**
 * Error page for errors the provider cannot redirect back to a client (unknown client, bad
 * redirect_uri, expired login). Shows the OAuth error code and description only; oidc-provider
 * already replaces the description of unexpected errors with a generic one, so no stack or
 * internal detail can appear.
 */
export function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): void {
  const description = out.error_description ?? 'The request could not be completed.';
  setPage(
    ctx,
    htmlDocument(
      'Something went wrong',
      `<h1>Something went wrong</h1>
<p>${escapeHtml(description)}</p>
<p class="client">Error code: <code>${escapeHtml(out.error)}</code>. Return to the application and try again.</p>`,
    ),
  );
}

/** RP-initiated logout confirmation; `form` is the provider's hidden form (xsrf token). */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  setPage(
    ctx,
    htmlDocument(
      'Sign out',
      `<h1>Sign out of ClaimGuard?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
    ),
  );
}

/** Shown after a logout that had no (valid) post_logout_redirect_uri. */
export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  setPage(
    ctx,
    htmlDocument(
      'Signed out',
      '<h1>Signed out</h1>\n<p>You have been signed out of ClaimGuard.</p>',
    ),
  );
}
