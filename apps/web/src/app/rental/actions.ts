'use server';

import { redirect } from 'next/navigation';
import { gateway } from '../../server/gateway/gateway-client';
import { log } from '../../server/log';
import { handleGatewayError } from '../../server/portal';
import { actionPassesCsrf } from '../../server/security/action-csrf';
import { currentSession } from '../../server/session/current-session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Confirms a requested reservation of the agent's agency (CSRF-checked like every state change),
 * then shows the list again with the outcome. The outcome travels as a code in the URL: ids and
 * error codes only, never personal data.
 */
export async function confirmReservationAction(form: FormData): Promise<void> {
  const session = await currentSession();
  if (!session) redirect('/auth/login');
  const id = form.get('reservationId');
  if (!(await actionPassesCsrf(session, form, 'confirm-reservation'))) {
    redirect('/rental?failed=REQUEST.FORGED');
  }
  if (typeof id !== 'string' || !UUID.test(id)) redirect('/rental?failed=REQUEST.MALFORMED');
  const result = await gateway(session).confirmReservation(id);
  if (!result.ok) {
    const error = handleGatewayError(session, result.error);
    redirect(`/rental?failed=${encodeURIComponent(error.code)}`);
  }
  log.info('reservation confirmed', { reservationId: id });
  redirect(`/rental?confirmed=${id}`);
}
