import { escapeHtml, htmlDocument } from '../http/html.js';

/** The only message a failed login ever shows: it does not tell which part was wrong. */
export const LOGIN_FAILED_MESSAGE = 'Invalid username or password.';

export interface LoginPageModel {
  uid: string;
  /** Name of the application asking for the login. */
  clientName: string;
  /** Username to prefill after a failed attempt (never the password). */
  username?: string;
  error?: string;
}

/**
 * The login form: labelled inputs with autocomplete hints, the error announced to screen readers
 * and tied to the fields, no script. A second form cancels the request.
 */
export function renderLoginPage(model: LoginPageModel): string {
  const uid = encodeURIComponent(model.uid);
  const errorId = 'login-error';
  const describedBy = model.error ? ` aria-describedby="${errorId}" aria-invalid="true"` : '';
  const error = model.error
    ? `<p class="error" id="${errorId}" role="alert">${escapeHtml(model.error)}</p>\n`
    : '';
  return htmlDocument(
    'Sign in',
    `<h1>Sign in</h1>
<p class="client">to continue to ${escapeHtml(model.clientName)}</p>
${error}<form method="post" action="/interaction/${uid}/login">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="128" value="${escapeHtml(model.username ?? '')}"${describedBy}${model.username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${describedBy}${model.username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}
