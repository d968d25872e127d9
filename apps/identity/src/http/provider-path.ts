/**
 * A request path as oidc-provider's router compares it: ASCII letters in one case (its router
 * folds case, and never maps a non-ASCII letter such as `ſ` to ASCII) and without one trailing
 * slash (it looks a path ending in `/` up again without it). Checks that mean "the request
 * oidc-provider will serve at `/token`" compare this form, or `POST /TOKEN` and `POST /token/`
 * would slip past them.
 * @example providerPath('/TOKEN/') // '/token'
 */
export function providerPath(pathname: string): string {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return trimmed.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
