import { headers } from 'next/headers';
import { config } from '../../config';
import { log } from '../log';
import type { Session } from '../session/session-cookie';
import { checkCsrf, CSRF_FIELD } from './csrf';

/**
 * The CSRF check of a Server Action: this request's Origin and Sec-Fetch-Site, and the form's
 * synchronizer token against the session's. A refusal is logged (without the token).
 * @returns true when the action may go on.
 */
export async function actionPassesCsrf(
  session: Session,
  form: FormData,
  action: string,
): Promise<boolean> {
  const h = await headers();
  const token = form.get(CSRF_FIELD);
  const verdict = checkCsrf(
    {
      origin: h.get('origin'),
      secFetchSite: h.get('sec-fetch-site'),
      formToken: typeof token === 'string' ? token : null,
      sessionToken: session.csrfToken,
    },
    config().WEB_BASE_URL,
  );
  if (!verdict.ok) log.warn('state-changing request refused', { action, reason: verdict.reason });
  return verdict.ok;
}
