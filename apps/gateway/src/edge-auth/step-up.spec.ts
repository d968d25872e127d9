import { DefenseSwitches } from '@claimguard/config';
import { ACR_MFA, ACR_PASSWORD, type RouteSpec } from '@claimguard/contracts';
import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors/gateway.error.js';
import type { Caller } from './caller.js';
import { assertRouteAuthentication } from './step-up.js';

const route: RouteSpec = {
  method: 'POST',
  path: '/claims/:id/decision',
  scopes: ['claims:write'],
  mfa: true,
};
const carol: Caller = {
  sub: 'sub-carol',
  party: { kind: 'adjuster', id: 'E-2001' },
  scopes: ['claims:write'],
  acr: ACR_PASSWORD,
  amr: ['pwd'],
  authTime: 1_800_000_000,
  exp: 1_800_000_300,
  source: 'introspection',
};

function context(off = '') {
  const log = { warn: vi.fn() };
  return {
    log,
    ctx: {
      switches: DefenseSwitches.fromSetting(off, 'test'),
      log: log as never,
      correlationId: 'c-1',
    },
  };
}

describe('assertRouteAuthentication (defense step-up)', () => {
  it('refuses a password-only token on an MFA route with the RFC 9470 challenge', () => {
    const { ctx } = context();
    let error: unknown;
    try {
      assertRouteAuthentication(carol, route, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.code).toBe('AUTH.STEP_UP_REQUIRED');
    expect(gatewayError.status).toBe(401);
    expect(gatewayError.extra.wwwAuthenticate).toContain(
      'error="insufficient_user_authentication"',
    );
    expect(gatewayError.extra.wwwAuthenticate).toContain(`acr_values="${ACR_MFA}"`);
    expect(gatewayError.extra.audit).toMatchObject({ defense: 'step-up', sub: 'sub-carol' });
  });

  it('lets an MFA token through, and any token on a route without the flag', () => {
    const { ctx } = context();
    const mfa = { ...carol, acr: ACR_MFA, amr: ['pwd', 'otp'] };
    expect(() => assertRouteAuthentication(mfa, route, ctx)).not.toThrow();
    expect(() => assertRouteAuthentication(carol, { ...route, mfa: false }, ctx)).not.toThrow();
  });

  it('does not take an mfa acr without the otp method at its word', () => {
    const { ctx } = context();
    expect(() => assertRouteAuthentication({ ...carol, acr: ACR_MFA }, route, ctx)).toThrow(
      GatewayError,
    );
  });

  it('step-up off (training): lets the password-only token through and audits the hole', () => {
    const { ctx, log } = context('step-up');
    expect(() => assertRouteAuthentication(carol, route, ctx)).not.toThrow();
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'defense.off', defense: 'step-up' }),
      'audit defense.off',
    );
  });
});
