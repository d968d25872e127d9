import { escapeHtml, htmlDocument } from '../http/html.js';

/** The only message a refused code ever shows (wrong, replayed or locked look the same). */
export const CODE_FAILED_MESSAGE =
  'Invalid code. Enter the current code from your authenticator app.';

/** The only message a refused enrolment code shows (wrong, expired, used or locked look the same). */
export const ENROLMENT_CODE_FAILED_MESSAGE =
  'Invalid enrolment code. Check the code the help desk gave you, or ask for a new one.';

const codeInput = (describedBy: string) =>
  `<label for="code">6-digit code</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required maxlength="6" autofocus${describedBy}>`;

function errorBlock(error: string | undefined): { html: string; describedBy: string } {
  if (!error) return { html: '', describedBy: '' };
  return {
    html: `<p class="error" id="code-error" role="alert">${escapeHtml(error)}</p>\n`,
    describedBy: ' aria-describedby="code-error" aria-invalid="true"',
  };
}

/** Second step of a login: the TOTP code of an enrolled user. */
export function renderTotpPage(model: { uid: string; error?: string }): string {
  const uid = encodeURIComponent(model.uid);
  const error = errorBlock(model.error);
  return htmlDocument(
    'Verification code',
    `<h1>Verification code</h1>
<p>Enter the code your authenticator app shows for ClaimGuard.</p>
${error.html}<form method="post" action="/interaction/${uid}/otp">
${codeInput(error.describedBy)}
<button type="submit">Verify</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

/**
 * First step of enrollment for an account that must use MFA: the one-time enrolment code an
 * administrator issued out of band (`user:enrolment-code`). The password alone adds no authenticator.
 */
export function renderEnrolmentCodePage(model: { uid: string; error?: string }): string {
  const uid = encodeURIComponent(model.uid);
  const error = errorBlock(model.error);
  return htmlDocument(
    'Set up two-step sign-in',
    `<h1>Set up two-step sign-in</h1>
<p>Your role needs a second factor. To add your first authenticator, enter the enrolment code the help desk gave you.</p>
${error.html}<form method="post" action="/interaction/${uid}/enrolment-code">
<label for="enrolment_code">Enrolment code</label>
<input id="enrolment_code" name="enrolment_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="32" autofocus${error.describedBy}>
<button type="submit">Continue</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

/**
 * Enrollment after a password login without TOTP: the secret as an `otpauth://` URI (authenticator
 * apps open it; a QR code of it needs script or images, which these pages do not load) and as text
 * to type in, confirmed by one valid code.
 */
export function renderEnrollPage(model: {
  uid: string;
  secret: string;
  otpauthUri: string;
  required: boolean;
  error?: string;
}): string {
  const uid = encodeURIComponent(model.uid);
  const error = errorBlock(model.error);
  const grouped = model.secret.replace(/(.{4})/g, '$1 ').trim();
  return htmlDocument(
    'Set up two-step sign-in',
    `<h1>Set up two-step sign-in</h1>
<p>${model.required ? 'Your role needs a second factor.' : 'This application asks for a second factor.'} Add ClaimGuard to an authenticator app (RFC 6238, 6 digits, 30 seconds), then enter the code it shows.</p>
<p><a href="${escapeHtml(model.otpauthUri)}">Open in your authenticator app</a></p>
<p>Or type this key: <code id="totp-secret" data-secret="${escapeHtml(model.secret)}">${escapeHtml(grouped)}</code></p>
${error.html}<form method="post" action="/interaction/${uid}/enroll">
${codeInput(error.describedBy)}
<button type="submit">Confirm and continue</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}
