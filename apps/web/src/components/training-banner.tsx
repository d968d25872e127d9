import { defensesCache } from '../server/gateway/defenses-cache';
import { gateway } from '../server/gateway/gateway-client';

/**
 * The red banner of a training run: shown on every page while the gateway reports any defense off,
 * naming each one, so nobody mistakes a workshop stack for a safe one. The report is cached for a
 * couple of seconds (server/gateway/defenses-cache.ts): page loads do not each call the gateway.
 */
export async function TrainingBanner() {
  const report = await defensesCache.get(() => gateway(undefined).defenses());
  if (!report.ok || report.data.off.length === 0) return null;
  const titles = new Map(report.data.defenses.map((d) => [d.id, d.title]));
  return (
    <div className="training-banner" role="alert" data-testid="training-banner">
      <strong>Training mode — security defenses are OFF:</strong>{' '}
      {report.data.off.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : ''}
          <code>{id}</code> ({titles.get(id) ?? id})
        </span>
      ))}
      . Attacks that these defenses block will succeed. Never use this stack with real data.
    </div>
  );
}
