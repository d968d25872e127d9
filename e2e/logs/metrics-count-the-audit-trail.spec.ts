import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { env } from '../support/env.js';

/** The refusals among audit actions: what `claimguard_audited_denials_total` counts. */
const DENIALS = new Set([
  'authn.failure',
  'authz.denied',
  'token.rejected',
  'rate.limited',
  'event.rejected',
]);

type Counts = Map<string, number>;

/** `action/defense` → count of the refusals an app's log holds as audit lines. */
function auditedDenials(app: string): Counts {
  const counts: Counts = new Map();
  for (const line of readFileSync(join(env.logDir, `${app}.log`), 'utf8').split('\n')) {
    if (!line.includes('"audit":true')) continue;
    let entry: { audit?: boolean; action?: string; defense?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.audit !== true || !entry.action || !DENIALS.has(entry.action)) continue;
    const key = `${entry.action}/${entry.defense ?? 'none'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** `action/defense` → value of `claimguard_audited_denials_total` at the app's metrics endpoint. */
async function scrapedDenials(url: string): Promise<Counts> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const counts: Counts = new Map();
  const sample = /^claimguard_audited_denials_total\{action="([^"]+)",defense="([^"]+)"\} (\d+)$/;
  for (const line of (await response.text()).split('\n')) {
    const match = sample.exec(line);
    if (match) counts.set(`${match[1]}/${match[2]}`, Number(match[3]));
  }
  return counts;
}

const total = (counts: Counts) => [...counts.values()].reduce((sum, n) => sum + n, 0);

/**
 * After every journey and attack of this run, each app's Prometheus endpoint counts exactly the
 * refusals its audit trail holds, by action and defense: a dashboard sees what the blue team's log
 * search sees. The log is read before and after the scrape, so a line written meanwhile cannot
 * make the comparison flaky.
 */
test('every app counts in its metrics the refusals its audit trail holds', async () => {
  const urls = env.metricsUrls;
  expect(Object.keys(urls).sort()).toEqual(
    ['claims', 'gateway', 'identity', 'rental', 'repair', 'towing'].sort(),
  );
  for (const [app, url] of Object.entries(urls)) {
    const before = auditedDenials(app);
    const scraped = await scrapedDenials(url);
    const after = auditedDenials(app);
    // The attacks of this run left refusals in every app (mTLS, audience, BOLA, lockout, events).
    expect(
      total(before),
      `${app} audited no refusal: the comparison would prove nothing`,
    ).toBeGreaterThan(0);
    for (const key of new Set([...before.keys(), ...scraped.keys(), ...after.keys()])) {
      const counted = scraped.get(key) ?? 0;
      expect(counted, `${app} ${key}`).toBeGreaterThanOrEqual(before.get(key) ?? 0);
      expect(counted, `${app} ${key}`).toBeLessThanOrEqual(after.get(key) ?? 0);
    }
  }
});

test('the denials the attacks were about are among them, by their defense', async () => {
  const expected: [app: string, key: string][] = [
    ['identity', 'authn.failure/lockout'],
    ['gateway', 'token.rejected/party-token'],
    ['claims', 'authz.denied/bola'],
    ['claims', 'authz.denied/mtls'],
    ['repair', 'event.rejected/event-signing'],
  ];
  for (const [app, key] of expected) {
    const scraped = await scrapedDenials(env.metricsUrls[app] ?? '');
    expect(scraped.get(key) ?? 0, `${app} ${key}`).toBeGreaterThan(0);
  }
});
