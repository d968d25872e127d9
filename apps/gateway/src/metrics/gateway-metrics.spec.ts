import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './gateway-metrics.js';

describe('GatewayMetrics', () => {
  it('exposes denials by defense and reason and revocations in the Prometheus text format', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    metrics.denied('rate-limit', 'GATEWAY.RATE_LIMITED');
    metrics.denied('rate-limit', 'GATEWAY.RATE_LIMITED');
    metrics.denied(undefined, 'AUTH.TOKEN_MISSING');
    metrics.revocations.inc({ type: 'GrantRevoked', outcome: 'applied' });
    metrics.revokedCacheEntries.inc(2);
    const { contentType, body } = await metrics.exposition();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE claimguard_security_denials_total counter');
    expect(body).toContain(
      'claimguard_security_denials_total{defense="rate-limit",reason="GATEWAY.RATE_LIMITED"} 2',
    );
    expect(body).toContain(
      'claimguard_security_denials_total{defense="none",reason="AUTH.TOKEN_MISSING"} 1',
    );
    expect(body).toContain('claimguard_revocations_total{type="GrantRevoked",outcome="applied"} 1');
    expect(body).toContain('claimguard_revoked_cache_entries_total 2');
  });

  it('keeps each instance in a registry of its own', async () => {
    const a = new GatewayMetrics({ processMetrics: false });
    const b = new GatewayMetrics({ processMetrics: false });
    a.denied('bfla', 'AUTH.INSUFFICIENT_SCOPE');
    expect((await b.exposition()).body).not.toContain('AUTH.INSUFFICIENT_SCOPE');
  });
});
