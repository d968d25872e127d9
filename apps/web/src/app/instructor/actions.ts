'use server';

import { redirect } from 'next/navigation';
import { DEFENSE_IDS } from '@claimguard/contracts';
import type { GatewayResult } from '../../server/gateway/gateway-client';
import { gateway } from '../../server/gateway/gateway-client';
import { log } from '../../server/log';
import { stepUpLoginPath } from '../../server/portal';
import { field } from '../../server/portal-action';
import { actionPassesCsrf } from '../../server/security/action-csrf';
import { currentSession } from '../../server/session/current-session';

const CONSOLE = '/instructor';

/**
 * The common shape of a console action: the instructor's session, the CSRF check, the switchboard
 * call, then back to the console with the outcome as a code (`?done=` / `?failed=`). Unlike the
 * portals' `runPortalAction`, a refusal (production's `TRAINING.DISABLED`, a defense without a
 * training path) comes back to the console in words instead of the forbidden or not-found page:
 * the instructor is on the right page, the switchboard just said no.
 */
async function runConsoleAction(
  form: FormData,
  what: string,
  run: (
    api: ReturnType<typeof gateway>,
  ) => Promise<GatewayResult<unknown>> | 'invalid' | 'unconfirmed',
): Promise<never> {
  const session = await currentSession();
  if (!session) redirect('/auth/login');
  if (session.party.kind !== 'instructor') redirect(`${CONSOLE}?failed=AUTHZ.FORBIDDEN`);
  if (!(await actionPassesCsrf(session, form, what))) redirect(`${CONSOLE}?failed=REQUEST.FORGED`);
  const result = await run(gateway(session));
  if (result === 'invalid') redirect(`${CONSOLE}?failed=REQUEST.VALIDATION_FAILED`);
  if (result === 'unconfirmed') redirect(`${CONSOLE}?failed=TRAINING.NOT_CONFIRMED`);
  if (!result.ok) {
    const { error } = result;
    // The console needs an MFA sign-in: the gateway's step-up challenge leads back to it.
    if (error.stepUp) redirect(stepUpLoginPath(error.stepUp, CONSOLE));
    log.info('training console action refused', {
      what,
      code: error.code,
      correlationId: error.correlationId,
    });
    redirect(`${CONSOLE}?failed=${encodeURIComponent(error.code)}`);
  }
  log.info('training console action done', { what });
  redirect(`${CONSOLE}?done=${encodeURIComponent(what)}`);
}

/** Turns one defense on or off (`defense`, `on` = "true" | "false") for the whole stack. */
export async function switchDefenseAction(form: FormData): Promise<void> {
  const id = field(form, 'defense');
  const on = field(form, 'on');
  const known = (DEFENSE_IDS as readonly string[]).includes(id);
  await runConsoleAction(form, known ? `${id}-${on === 'true' ? 'on' : 'off'}` : 'switch', (api) =>
    known && (on === 'true' || on === 'false') ? api.switchDefense(id, on === 'true') : 'invalid',
  );
}

/**
 * Starts the workshop over: every defense on, the scoreboard cleared, every service's workshop data
 * emptied and the demo users restored. Only with the form's confirmation box ticked.
 */
export async function resetWorkshopAction(form: FormData): Promise<void> {
  await runConsoleAction(form, 'reset', (api) =>
    field(form, 'confirm') === 'reset' ? api.resetWorkshop() : 'unconfirmed',
  );
}
