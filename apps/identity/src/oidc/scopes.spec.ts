import { API_SCOPES, PARTY_KINDS, SCOPES_BY_PARTY_KIND } from '@claimguard/contracts';
import { describe, expect, it } from 'vitest';
import { decideApiScopes } from './scopes.js';

describe('decideApiScopes', () => {
  it('grants a member the member scopes asked for and rejects towing scopes', () => {
    expect(decideApiScopes(['claims:read', 'towing:read', 'towing:write'], 'member')).toEqual({
      granted: ['claims:read'],
      rejected: ['towing:read', 'towing:write'],
    });
  });

  it('grants a tow operator towing scopes but not claims scopes', () => {
    expect(decideApiScopes(['claims:read', 'towing:read'], 'tow_operator')).toEqual({
      granted: ['towing:read'],
      rejected: ['claims:read'],
    });
  });

  it('grants only what was requested, never the whole allowance', () => {
    expect(decideApiScopes(['rental:read'], 'member').granted).toEqual(['rental:read']);
    expect(decideApiScopes([], 'member')).toEqual({ granted: [], rejected: [] });
  });

  it('rejects unknown scopes and collapses duplicates', () => {
    expect(decideApiScopes(['claims:admin', 'claims:read', 'claims:read'], 'adjuster')).toEqual({
      granted: ['claims:read'],
      rejected: ['claims:admin'],
    });
  });

  it('never grants any party kind more than SCOPES_BY_PARTY_KIND allows', () => {
    for (const kind of PARTY_KINDS) {
      expect(decideApiScopes(API_SCOPES, kind).granted.sort()).toEqual(
        [...SCOPES_BY_PARTY_KIND[kind]].sort(),
      );
    }
  });

  it('gives an instructor the training console and no business scope at all', () => {
    expect(decideApiScopes(API_SCOPES, 'instructor').granted).toEqual(['training:switch']);
  });

  it('never gives the training console to anyone else', () => {
    for (const kind of [
      'member',
      'adjuster',
      'service_rep',
      'tow_operator',
      'repair_shop',
      'rental_agent',
    ] as const) {
      expect(decideApiScopes(API_SCOPES, kind).granted).not.toContain('training:switch');
    }
  });
});
