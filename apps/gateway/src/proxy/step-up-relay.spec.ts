import { ACR_MFA } from '@claimguard/contracts';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway.error.js';
import { relayStepUp } from './step-up-relay.js';

const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify(body)),
});

describe('relayStepUp', () => {
  it("turns a service's AUTH.STEP_UP_REQUIRED into the RFC 9470 challenge with max_age", () => {
    const answer = json(401, {
      code: 'AUTH.STEP_UP_REQUIRED',
      message: 'needs a recent MFA',
      correlationId: 'c-1',
      details: [
        { path: 'acr_values', message: ACR_MFA },
        { path: 'max_age', message: '300' },
      ],
    });
    let error: unknown;
    try {
      relayStepUp(answer);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('AUTH.STEP_UP_REQUIRED');
    expect((error as GatewayError).extra.wwwAuthenticate).toBe(
      `Bearer realm="claimguard", error="insufficient_user_authentication", error_description="A more recent multi-factor authentication is required", acr_values="${ACR_MFA}", max_age="300"`,
    );
  });

  it('passes every other answer unchanged, including other 401s and non-JSON bodies', () => {
    expect(() => relayStepUp(json(200, { code: 'AUTH.STEP_UP_REQUIRED' }))).not.toThrow();
    expect(() => relayStepUp(json(401, { code: 'AUTH.TOKEN_INVALID' }))).not.toThrow();
    expect(() =>
      relayStepUp({ status: 401, contentType: 'text/plain', body: Buffer.from('no') }),
    ).not.toThrow();
  });

  it('drops a max_age that is not a plain number', () => {
    let error: unknown;
    try {
      relayStepUp(
        json(401, {
          code: 'AUTH.STEP_UP_REQUIRED',
          details: [{ path: 'max_age', message: '300", x="y' }],
        }),
      );
    } catch (e) {
      error = e;
    }
    // It must still throw the challenge (a passing test with nothing thrown would prove nothing).
    expect(error).toBeInstanceOf(GatewayError);
    const challenge = (error as GatewayError).extra.wwwAuthenticate;
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).not.toContain('max_age');
    expect(challenge).not.toContain('x="y"');
  });
});
