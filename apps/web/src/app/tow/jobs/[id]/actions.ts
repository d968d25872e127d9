'use server';

import { field, runPortalAction, UUID } from '../../../../server/portal-action';

const SHOP = /^S-\d{2}$/;

/** Moves a tow job on: dispatch, pick-up, or deliver to a partner shop (tow operator). */
export async function moveTowJobAction(form: FormData): Promise<void> {
  const id = field(form, 'jobId');
  const move = field(form, 'move');
  const shopId = field(form, 'shopId');
  await runPortalAction('tow_operator', form, move || 'move', `/tow/jobs/${id}`, (api) => {
    if (!UUID.test(id)) return 'invalid';
    if (move === 'dispatch' || move === 'pick-up') return api.moveTowJob(id, move);
    if (move === 'deliver' && SHOP.test(shopId)) return api.moveTowJob(id, 'deliver', shopId);
    return 'invalid';
  });
}
