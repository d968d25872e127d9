import type { GatewayResult } from '../gateway/gateway-client';
import type { DefensesView } from '../gateway/gateway-types';

/**
 * Whether the web app's login-CSRF training path may run (defense `oauth-state` off). The web app
 * has no switchboard link of its own, so in a workshop stack (`trainingMode`, the app's own
 * `TRAINING_MODE=true`) it follows the gateway's public defenses report; anywhere else the report
 * is not even asked — a production web app never turns a defense off because an answer says so.
 * Unknown (gateway away, a report without the defense) is "on".
 * @example await oauthStateIsOff(config().TRAINING_MODE, () => gateway(undefined).defenses())
 */
export async function oauthStateIsOff(
  trainingMode: boolean,
  report: () => Promise<GatewayResult<DefensesView>>,
): Promise<boolean> {
  if (!trainingMode) return false;
  const answer = await report();
  return answer.ok && answer.data.defenses.some((d) => d.id === 'oauth-state' && !d.on);
}
