import { redirect } from 'next/navigation';
import type { PartyKind } from '@claimguard/contracts';
import { gateway, type GatewayResult } from './gateway/gateway-client';
import { log } from './log';
import { handleGatewayError } from './portal';
import { actionPassesCsrf } from './security/action-csrf';
import { currentSession } from './session/current-session';

/** Ids are UUIDs; anything else never reaches the gateway. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A form field as a trimmed string ('' when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The common shape of a portal's state-changing Server Action: a session of the right party kind,
 * the CSRF check, the gateway call, then back to `page` with the outcome as a query code
 * (`?done=<what>` or `?failed=<error code>`: codes and ids only, never personal data).
 * @example await runPortalAction('tow_operator', form, 'dispatch', `/tow/jobs/${id}`, (api) => api.moveTowJob(id, 'dispatch'))
 */
export async function runPortalAction(
  kind: PartyKind,
  form: FormData,
  what: string,
  page: string,
  run: (api: ReturnType<typeof gateway>) => Promise<GatewayResult<unknown>> | 'invalid',
): Promise<never> {
  const session = await currentSession();
  if (!session) redirect('/auth/login');
  if (session.party.kind !== kind) redirect(`${page}?failed=AUTHZ.FORBIDDEN`);
  if (!(await actionPassesCsrf(session, form, what))) redirect(`${page}?failed=REQUEST.FORGED`);
  const result = await run(gateway(session));
  if (result === 'invalid') redirect(`${page}?failed=REQUEST.VALIDATION_FAILED`);
  if (!result.ok) {
    // A step-up comes back to the page, where the person repeats the action signed in afresh.
    const error = handleGatewayError(session, result.error, `${page}?stepup=1`);
    log.info('portal action refused', {
      what,
      code: error.code,
      correlationId: error.correlationId,
    });
    redirect(`${page}?failed=${encodeURIComponent(error.code)}`);
  }
  log.info('portal action done', { what });
  redirect(`${page}?done=${encodeURIComponent(what)}`);
}
