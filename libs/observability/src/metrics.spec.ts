import { afterEach, describe, expect, it } from 'vitest';
import { audit } from './audit.js';
import { createLogger } from './logger.js';
import { AuditMetrics, serveMetrics } from './metrics.js';

const claimsLog = createLogger('claims', 'silent');
const towingLog = createLogger('towing', 'silent');

describe('AuditMetrics', () => {
  const started: AuditMetrics[] = [];
  const counting = (service: string) => {
    const metrics = new AuditMetrics(service, { processMetrics: false });
    started.push(metrics);
    return metrics;
  };
  afterEach(() => {
    for (const metrics of started.splice(0)) metrics.stop();
  });

  it('counts every audit line of its service by action and defense, and the refusals apart', async () => {
    const metrics = counting('claims');
    audit(claimsLog, { action: 'authz.denied', defense: 'bola', reason: 'not the owner' });
    audit(claimsLog.child({ module: 'x' }), {
      action: 'authz.denied',
      defense: 'bola',
      reason: 'x',
    });
    audit(claimsLog, { action: 'token.rejected', reason: 'no token' });
    audit(claimsLog, { action: 'authz.allowed', defense: 'step-up', reason: 'fresh MFA' });
    const body = await metrics.registry.metrics();
    expect(body).toContain('claimguard_audit_events_total{action="authz.denied",defense="bola"} 2');
    expect(body).toContain(
      'claimguard_audit_events_total{action="authz.allowed",defense="step-up"} 1',
    );
    expect(body).toContain(
      'claimguard_audited_denials_total{action="authz.denied",defense="bola"} 2',
    );
    expect(body).toContain(
      'claimguard_audited_denials_total{action="token.rejected",defense="none"} 1',
    );
    // An allowed step-up is an audit line, not a refusal.
    expect(body).not.toMatch(/claimguard_audited_denials_total\{action="authz.allowed"/);
  });

  it("counts only its own service's lines (two apps in one process keep their own counts)", async () => {
    const claims = counting('claims');
    const towing = counting('towing');
    audit(towingLog, { action: 'event.rejected', defense: 'event-signing', reason: 'unsigned' });
    expect(await claims.registry.metrics()).not.toContain('event.rejected');
    expect(await towing.registry.metrics()).toContain(
      'claimguard_audited_denials_total{action="event.rejected",defense="event-signing"} 1',
    );
  });

  it('stops counting once stopped', async () => {
    const metrics = counting('claims');
    metrics.stop();
    audit(claimsLog, { action: 'rate.limited', defense: 'rate-limit', reason: 'burst' });
    expect(await metrics.registry.metrics()).not.toContain('rate.limited');
  });

  it('labels by action and defense only: no user, resource or reason reaches a label', async () => {
    const metrics = counting('claims');
    audit(claimsLog, {
      action: 'authz.denied',
      defense: 'bola',
      sub: 'alice',
      resource: 'claim:123',
      reason: 'secret-ish detail',
    });
    const body = await metrics.registry.metrics();
    expect(body).not.toContain('alice');
    expect(body).not.toContain('claim:123');
    expect(body).not.toContain('secret-ish');
  });
});

describe('serveMetrics', () => {
  it('serves the text format at GET /metrics on its own port, and nothing else', async () => {
    const metrics = new AuditMetrics('claims', { processMetrics: false });
    const endpoint = await serveMetrics({ registry: metrics.registry, port: 0, log: claimsLog });
    try {
      audit(claimsLog, { action: 'authn.failure', defense: 'lockout', reason: 'locked' });
      const base = `http://127.0.0.1:${endpoint.port}`;
      const scrape = await fetch(`${base}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scrape.text()).toContain(
        'claimguard_audited_denials_total{action="authn.failure",defense="lockout"} 1',
      );
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      metrics.stop();
      await endpoint.close();
    }
  });
});
