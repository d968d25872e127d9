import type { Party } from '@claimguard/contracts';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { decideApiScopes, OIDC_SCOPES } from './scopes.js';

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

const OIDC_SCOPE_SET: ReadonlySet<string> = new Set(OIDC_SCOPES);

/**
 * Finishes a consent prompt without asking: every client is first-party, so consent is a policy
 * decision. The grant gets the requested OIDC scopes and claims, and the requested API scopes of
 * `apiAudience` intersected with the party kind's allowance; everything else is recorded as
 * rejected (so the provider does not prompt again) and never reaches a token.
 * @returns the interaction result to pass to `interactionFinished`.
 */
export async function autoConsent(
  provider: Provider,
  interaction: InteractionDetails,
  party: Party,
  apiAudience: string,
): Promise<InteractionResults> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== 'string')
    throw new Error('consent without a logged-in session');

  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });

  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };

  const oidcScopes = details.missingOIDCScope ?? [];
  grant.addOIDCScope(oidcScopes.filter((s) => OIDC_SCOPE_SET.has(s)));
  grant.rejectOIDCScope(oidcScopes.filter((s) => !OIDC_SCOPE_SET.has(s)));
  if (details.missingOIDCClaims?.length) grant.addOIDCClaims(details.missingOIDCClaims);

  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    const { granted, rejected } =
      indicator === apiAudience
        ? decideApiScopes(scopes, party.kind)
        : { granted: [], rejected: scopes };
    if (granted.length) grant.addResourceScope(indicator, granted);
    if (rejected.length) grant.rejectResourceScope(indicator, rejected);
  }

  const grantId = await grant.save();
  return { consent: { grantId } };
}
