'use server';

import { parseDollars } from '../../../../components/money';
import { field, runPortalAction, UUID } from '../../../../server/portal-action';
import { ESTIMATE_ROWS } from './estimate-rows';

/** Submits the estimate's line items (shop, own open order). */
export async function submitEstimateAction(form: FormData): Promise<void> {
  const id = field(form, 'orderId');
  await runPortalAction('repair_shop', form, 'estimate', `/repair/orders/${id}`, (api) => {
    const lineItems: { description: string; amountCents: number }[] = [];
    for (let i = 0; i < ESTIMATE_ROWS; i++) {
      const description = field(form, `description-${i}`);
      const amount = field(form, `amount-${i}`);
      if (!description && !amount) continue;
      const amountCents = parseDollars(amount);
      if (!description || amountCents === undefined || amountCents < 1) return 'invalid';
      lineItems.push({ description, amountCents });
    }
    if (!UUID.test(id) || lineItems.length === 0) return 'invalid';
    return api.submitEstimate(id, lineItems);
  });
}

/** Reports the repair done (shop, own approved order). */
export async function completeRepairAction(form: FormData): Promise<void> {
  const id = field(form, 'orderId');
  await runPortalAction('repair_shop', form, 'complete', `/repair/orders/${id}`, (api) =>
    UUID.test(id) ? api.completeRepair(id) : 'invalid',
  );
}
