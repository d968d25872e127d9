'use server';

import { field, runPortalAction, UUID } from '../../../../server/portal-action';

const SHOP = /^S-\d{2}$/;

/** Lets the shop holding the car see the member's phone number, or withdraws that consent. */
export async function consentAction(form: FormData): Promise<void> {
  const id = field(form, 'claimId');
  const shopId = field(form, 'shopId');
  const grant = field(form, 'consent') === 'grant';
  await runPortalAction(
    'member',
    form,
    grant ? 'consent-granted' : 'consent-revoked',
    `/member/claims/${id}`,
    (api) => {
      if (!UUID.test(id) || !SHOP.test(shopId)) return 'invalid';
      return grant ? api.grantConsent(id, shopId) : api.revokeConsent(id, shopId);
    },
  );
}
