import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { ATTACK_ATTACHMENT, type AttackRun, type AttackSpec } from './attack.js';

/** One scenario in the report. */
export interface ReportedScenario extends AttackSpec {
  defenseTitle: string;
  file: string;
  /** `proven`: blocked with the defense on AND succeeded with it off. */
  verdict: 'proven' | 'failed' | 'skipped';
  error?: string;
  durationMs: number;
  runs: AttackRun[];
}

/** The machine-readable result (`attack-report.json`). */
export interface AttackReport {
  generatedAt: string;
  status: FullResult['status'];
  scenarios: ReportedScenario[];
  byOwasp: Record<string, number>;
  byDefense: Record<string, number>;
  /** Time spent in the attacks themselves per mode, and flipping switches (ms). */
  timing: { secureMs: number; defenseOffMs: number; switchingMs: number; totalMs: number };
}

/**
 * Writes the attack/defense suite's report: `attack-report.json` (machine-readable) and
 * `attack-report.html` (for people), one entry per scenario with its mapping (OWASP API 2023,
 * CWE, ASVS, defense), its outcome in each mode, and the evidence (status, excerpt, audit line).
 */
export default class AttackReporter implements Reporter {
  private readonly scenarios: ReportedScenario[] = [];
  private readonly outputDir: string;

  constructor(options: { outputDir?: string } = {}) {
    this.outputDir = resolve(import.meta.dirname, '..', options.outputDir ?? '.artifacts');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === ATTACK_ATTACHMENT);
    if (!attachment?.body) return;
    const data = JSON.parse(attachment.body.toString('utf8')) as AttackSpec & {
      defenseTitle: string;
      runs: AttackRun[];
    };
    this.scenarios.push({
      ...data,
      file: test.location.file.replace(/^.*\/e2e\//, 'e2e/'),
      verdict:
        result.status === 'passed' ? 'proven' : result.status === 'skipped' ? 'skipped' : 'failed',
      ...(result.error?.message ? { error: stripAnsi(result.error.message).slice(0, 2000) } : {}),
      durationMs: result.duration,
    });
  }

  onEnd(result: FullResult): void {
    if (this.scenarios.length === 0) return;
    const scenarios = [...this.scenarios].sort((a, b) => byNumber(a.id, b.id));
    const report: AttackReport = {
      generatedAt: new Date().toISOString(),
      status: result.status,
      scenarios,
      // The full risk id (`API10:2023`), not a fixed-width slice of it.
      byOwasp: countBy(scenarios, (s) => s.owasp.split(' ')[0] ?? s.owasp),
      byDefense: countBy(scenarios, (s) => s.defense),
      timing: timingOf(scenarios),
    };
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(join(this.outputDir, 'attack-report.json'), JSON.stringify(report, null, 2));
    writeFileSync(join(this.outputDir, 'attack-report.html'), renderHtml(report));
    const proven = scenarios.filter((s) => s.verdict === 'proven').length;
    const t = report.timing;
    console.log(
      `\nattack report: ${proven}/${scenarios.length} scenarios proven both ways → ${join(this.outputDir, 'attack-report.html')}` +
        `\n  attacks with defenses on ${(t.secureMs / 1000).toFixed(1)} s, off ${(t.defenseOffMs / 1000).toFixed(1)} s, ` +
        `switching ${(t.switchingMs / 1000).toFixed(1)} s; ${(t.totalMs / 1000).toFixed(1)} s in all`,
    );
  }

  printsToStdio(): boolean {
    return false;
  }
}

function timingOf(scenarios: ReportedScenario[]): AttackReport['timing'] {
  const sum = (mode: AttackRun['mode']) =>
    scenarios.reduce((ms, s) => ms + (s.runs.find((r) => r.mode === mode)?.durationMs ?? 0), 0);
  const totalMs = scenarios.reduce((ms, s) => ms + s.durationMs, 0);
  const secureMs = sum('secure');
  const defenseOffMs = sum('defense-off');
  return { secureMs, defenseOffMs, switchingMs: totalMs - secureMs - defenseOffMs, totalMs };
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byNumber(a, b)));
}

/** Text order with numbers compared as numbers: API1, API2, …, API10 (not API1, API10, API2). */
export function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- terminal colour codes in Playwright's messages
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function runCell(run: AttackRun | undefined, gap?: string, gain?: string): string {
  const stated = gain ? `<div class="expect">gain (static): ${esc(gain)}</div>` : '';
  if (!run) return `<td class="none">not run${stated}</td>`;
  const audit = run.audit
    ? `<div class="audit">audit (${esc(run.auditLink)}): ${esc(run.audit.action)} ${run.audit.defense ? `[${esc(run.audit.defense)}]` : ''} — ${esc(run.audit.reason)}</div>`
    : run.mode === 'secure' && gap
      ? `<div class="audit">no audit line: ${esc(gap)}</div>`
      : '';
  const credit = run.scoreboard
    ? `<div class="audit">scoreboard: ${
        run.scoreboard.detected
          ? `credited to ${esc(run.scoreboard.credited.join(', '))} (seen by ${esc(run.scoreboard.seenBy.join(', '))}), checked ${esc(run.scoreboard.checkedAfterMs)} ms after the attack once every process had reported`
          : 'not credited'
      }</div>`
    : '';
  return `<td class="${esc(run.outcome)}"><b>${esc(run.outcome)}</b> (${esc(run.status)}) <span class="ms">switched in ${esc(run.convergedInMs)} ms</span><div>${esc(run.evidence.slice(0, 400))}</div>${audit}${credit}${stated}</td>`;
}

function renderHtml(report: AttackReport): string {
  const rows = report.scenarios
    .map((s) => {
      const secure = s.runs.find((r) => r.mode === 'secure');
      const off = s.runs.find((r) => r.mode === 'defense-off');
      return `<tr class="${esc(s.verdict)}">
  <td><b>${esc(s.id)}</b><div>${esc(s.title)}</div><div class="file">${esc(s.file)}</div></td>
  <td>${esc(s.owasp)}<div>${esc(s.cwe)} · ASVS ${esc(s.asvs)}</div></td>
  <td><code>${esc(s.defense)}</code><div>${esc(s.defenseTitle)}</div><div class="expect">blocked: ${esc(s.blocked)}</div></td>
  ${runCell(secure, s.auditGap)}
  ${runCell(off, undefined, s.gain)}
  <td class="verdict">${esc(s.verdict)}${s.error ? `<div class="err">${esc(s.error.slice(0, 500))}</div>` : ''}</td>
</tr>`;
    })
    .join('\n');
  const summary = Object.entries(report.byOwasp)
    .map(([owasp, n]) => `<li>${esc(owasp)}: ${n}</li>`)
    .join('');
  const proven = report.scenarios.filter((s) => s.verdict === 'proven').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ClaimGuard attack/defense report</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top}
th{background:#f1f1f1;text-align:left}tr.failed{background:#fff0f0}
td.blocked b{color:#1a7f37}td.succeeded b{color:#b42318}td.inconclusive b{color:#9a6700}
.file,.ms,.audit,.expect{color:#555;font-size:12px}.err{color:#b42318;font-size:12px;white-space:pre-wrap}
</style></head><body>
<h1>ClaimGuard attack/defense report</h1>
<p>Time in the attacks: defenses on ${(report.timing.secureMs / 1000).toFixed(1)} s, defenses off ${(report.timing.defenseOffMs / 1000).toFixed(1)} s, switching ${(report.timing.switchingMs / 1000).toFixed(1)} s (${(report.timing.totalMs / 1000).toFixed(1)} s in all).</p>
<p>${report.scenarios.length} scenarios, <b>${proven} proven both ways</b> (blocked with the defense on, succeeded with it off), run ${esc(report.generatedAt)}; suite status: ${esc(report.status)}.</p>
<ul>${summary}</ul>
<table><thead><tr><th>Scenario</th><th>OWASP API 2023 / CWE / ASVS</th><th>Defense</th><th>Defense on</th><th>Defense off</th><th>Verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
