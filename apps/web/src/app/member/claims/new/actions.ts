'use server';

import { redirect } from 'next/navigation';
import { gateway } from '../../../../server/gateway/gateway-client';
import { describeError } from '../../../../server/gateway/gateway-error';
import { log } from '../../../../server/log';
import { handleGatewayError } from '../../../../server/portal';
import { actionPassesCsrf } from '../../../../server/security/action-csrf';
import { CSRF_FIELD } from '../../../../server/security/csrf';
import { currentSession } from '../../../../server/session/current-session';
import { fieldOfPath, parseClaimForm, type ClaimField } from './claim-form.schema';

/** What the form shows after a submission that did not file a claim. */
export interface FileClaimState {
  errors?: Partial<Record<ClaimField, string>>;
  formError?: string;
  /** What the member typed, so nothing is lost when the form comes back. */
  values?: Record<string, string>;
  /** Counts submissions: the form is re-mounted with the typed values after each one. */
  attempt?: number;
}

/**
 * Files a claim for the signed-in member. CSRF: the request's Origin must be this app and the form
 * must carry the session's synchronizer token — on top of Next.js' own Server Action origin check.
 */
export async function fileClaimAction(
  previous: FileClaimState,
  form: FormData,
): Promise<FileClaimState> {
  const attempt = (previous.attempt ?? 0) + 1;
  const session = await currentSession();
  if (!session) redirect('/auth/login');
  if (!(await actionPassesCsrf(session, form, 'file-claim'))) {
    return {
      formError: 'This form could not be accepted. Reload the page and try again.',
      attempt,
    };
  }

  const values = Object.fromEntries(
    [...form.entries()]
      .filter(([k, v]) => typeof v === 'string' && k !== CSRF_FIELD && !k.startsWith('$'))
      .map(([k, v]) => [k, v as string]),
  );
  const parsed = parseClaimForm(form);
  if (!parsed.ok) return { errors: parsed.errors, values, attempt };

  const result = await gateway(session).fileClaim(parsed.body);
  if (!result.ok) {
    const error = handleGatewayError(session, result.error);
    const errors: Partial<Record<ClaimField, string>> = {};
    for (const detail of error.details ?? []) {
      const field = fieldOfPath(detail.path);
      if (field) errors[field] = detail.message;
    }
    return {
      errors,
      formError: `${describeError(error)} ${error.message}`.trim(),
      values,
      attempt,
    };
  }
  log.info('claim filed', { claimId: result.data.id });
  redirect(`/member/claims/${result.data.id}?filed=1`);
}
