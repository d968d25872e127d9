import { describe, expect, it, vi } from 'vitest';
import type { GatewayResult } from '../gateway/gateway-client';
import type { DefensesView } from '../gateway/gateway-types';
import { oauthStateIsOff } from './oauth-state-switch';

/** A gateway report saying `oauth-state` is off — what anyone on the path could answer. */
const reportsOff = (): Promise<GatewayResult<DefensesView>> =>
  Promise.resolve({
    ok: true,
    status: 200,
    data: {
      mode: 'training',
      off: ['oauth-state'],
      defenses: [{ id: 'oauth-state', title: 't', summary: 's', on: false, switchable: true }],
    },
  });

describe('oauthStateIsOff', () => {
  it('never runs the training path outside a workshop stack, whatever the report says', async () => {
    const report = vi.fn(reportsOff);
    expect(await oauthStateIsOff(false, report)).toBe(false);
    expect(report).not.toHaveBeenCalled();
  });

  it('follows the report in a workshop stack', async () => {
    expect(await oauthStateIsOff(true, reportsOff)).toBe(true);
  });

  it('keeps the defense on when the gateway does not answer', async () => {
    const away = (): Promise<GatewayResult<DefensesView>> =>
      Promise.resolve({
        ok: false,
        error: { status: 503, code: 'GATEWAY.UPSTREAM_UNAVAILABLE', message: 'away' },
      } as unknown as GatewayResult<DefensesView>);
    expect(await oauthStateIsOff(true, away)).toBe(false);
  });
});
