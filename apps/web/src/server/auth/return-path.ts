/** A path of this app: one leading slash, never `//host`, `/\host` or a scheme. */
const LOCAL_PATH = /^\/(?![/\\])[\w\-./?=&%]*$/;

/**
 * The path a login may return to, or undefined: only this app's own paths, so the login can never
 * be turned into an open redirect.
 * @example safeReturnPath('/adjuster/claims/1?stepup=1') // '/adjuster/claims/1?stepup=1'
 * @example safeReturnPath('//evil.example/') // undefined
 */
export function safeReturnPath(value: string | null | undefined): string | undefined {
  return value && value.length <= 512 && LOCAL_PATH.test(value) ? value : undefined;
}
