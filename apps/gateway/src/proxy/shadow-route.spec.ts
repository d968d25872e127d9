import { describe, expect, it } from 'vitest';
import { shadowRoute } from './shadow-route.js';

describe('shadowRoute', () => {
  it("keeps only the caller's known scopes of the target service", () => {
    expect(
      shadowRoute('claims', 'get', '/claims/v0/export', [
        'openid',
        'claims:read',
        'claims:write',
        'towing:read',
        'claims:made-up',
      ]),
    ).toEqual({
      method: 'GET',
      path: '/claims/v0/export',
      scopes: ['claims:read', 'claims:write'],
    });
  });

  it('gives a caller without scopes for the service an empty scope list', () => {
    expect(shadowRoute('repair', 'GET', '/repair/x', ['claims:read']).scopes).toEqual([]);
  });
});
