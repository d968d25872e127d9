import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { OutcomeNotice } from '../../components/outcome-notice';
import { SubmitButton } from '../../components/submit-button';
import { gateway } from '../../server/gateway/gateway-client';
import type { GatewayError } from '../../server/gateway/gateway-error';
import type {
  DefensesView,
  ScoreboardView,
  TrainingStatusView,
} from '../../server/gateway/gateway-types';
import { handleGatewayError, requirePortal } from '../../server/portal';
import { CSRF_FIELD } from '../../server/security/csrf';
import type { Session } from '../../server/session/session-cookie';
import { resetWorkshopAction, switchDefenseAction } from './actions';

export const metadata: Metadata = { title: 'Training console' };

const CONSOLE = '/instructor';

/**
 * The instructor's training console: every defense with its switch, whether every process runs
 * with the switches yet, the workshop reset and the scoreboard. Plain server-rendered forms (the
 * CSP allows no inline script); "Refresh" reloads the page.
 */
export default async function TrainingConsole({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('instructor');
  const { done, failed } = await searchParams;
  const api = gateway(session);
  const [defenses, status, board] = await Promise.all([
    api.defenses(),
    api.trainingStatus(),
    api.scoreboard(),
  ]);
  const messages = outcomeMessages(defenses.ok ? defenses.data : undefined);
  return (
    <section data-testid="training-console">
      <div className="section-head">
        <h1>Training console</h1>
        <Link href={CONSOLE} className="button button-plain" data-testid="console-refresh">
          Refresh
        </Link>
      </div>
      <OutcomeNotice done={done} failed={failed} messages={messages} />

      <h2>Convergence</h2>
      {status.ok ? (
        <Convergence status={status.data} />
      ) : (
        <GatewayErrorPanel error={consoleError(session, status.error)} />
      )}

      <h2>Defenses</h2>
      {defenses.ok ? (
        <DefenseTable defenses={defenses.data} csrfToken={session.csrfToken} />
      ) : (
        <GatewayErrorPanel error={defenses.error} />
      )}

      <h2>Scoreboard</h2>
      {board.ok ? (
        <Scoreboard entries={board.data.entries} />
      ) : (
        <GatewayErrorPanel error={consoleError(session, board.error)} />
      )}

      <h2>Reset the workshop</h2>
      <form action={resetWorkshopAction} className="card actions" data-testid="workshop-reset">
        <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
        <p>
          Starts the workshop over: every defense turns on, the scoreboard is cleared, every service
          deletes the claims, jobs, orders and reservations made during the workshop, and identity
          restores the demo users (unlocked, original passwords).
        </p>
        <div className="check">
          <input type="checkbox" id="confirm-reset" name="confirm" value="reset" required />
          <label htmlFor="confirm-reset">
            I understand: this deletes the workshop&apos;s data for everyone.
          </label>
        </div>
        <SubmitButton className="button button-danger" pendingText="Resetting…">
          Reset workshop
        </SubmitButton>
      </form>
    </section>
  );
}

/**
 * An expired or too weak sign-in is fixed by signing in again (the console needs MFA); any other
 * refusal (production's `TRAINING.DISABLED`…) is shown in words on the console.
 */
function consoleError(session: Session, error: GatewayError): GatewayError {
  return error.stepUp || error.status === 401 ? handleGatewayError(session, error, CONSOLE) : error;
}

/** The `?done=` codes of the console's actions in words. */
function outcomeMessages(report: DefensesView | undefined): Record<string, string> {
  const messages: Record<string, string> = {
    reset:
      'The workshop is reset: every defense is on and the scoreboard is empty. Services clear their data on their next sync.',
  };
  for (const d of report?.defenses ?? []) {
    messages[`${d.id}-on`] = `${d.id} (${d.title}) is on again for the whole stack.`;
    messages[`${d.id}-off`] =
      `${d.id} (${d.title}) is off: attacks it blocks will now succeed. Services follow within a second.`;
  }
  return messages;
}

/** "Applied by N/M processes": how many syncing processes run with the current switches. */
function Convergence({ status }: { status: TrainingStatusView }) {
  const applied = status.peers.filter((p) => p.applied >= status.version).length;
  return (
    <div className="card" data-testid="convergence" data-converged={String(status.converged)}>
      <p>
        <span className={`badge ${status.converged ? 'badge-on' : 'badge-off'}`}>
          {status.converged ? 'Converged' : 'Applying…'}
        </span>{' '}
        Applied by {applied}/{status.peers.length} processes, version {status.version}
        {status.resetEpoch > 0 ? ` · workshop resets: ${status.resetEpoch}` : ''}. The gateway
        applies a change at once; every other process within about a second.
      </p>
      {status.peers.length > 0 ? (
        <details>
          <summary>Processes</summary>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Process</th>
                <th scope="col">Applied version</th>
                <th scope="col">Resets done</th>
                <th scope="col">Last sync</th>
              </tr>
            </thead>
            <tbody>
              {status.peers.map((peer) => (
                <tr key={peer.service}>
                  <td>
                    <code>{peer.service}</code>
                  </td>
                  <td>{peer.applied}</td>
                  <td>{peer.resetDone}</td>
                  <td>{utc(peer.lastSyncAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}

/** Every defense, on or off, with a switch where it has a training path. */
function DefenseTable({ defenses, csrfToken }: { defenses: DefensesView; csrfToken: string }) {
  return (
    <table className="table" data-testid="defenses">
      <caption className="visually-hidden">The stack&apos;s defenses and their switches</caption>
      <thead>
        <tr>
          <th scope="col">Defense</th>
          <th scope="col">What it does</th>
          <th scope="col">State</th>
          <th scope="col">Switch</th>
        </tr>
      </thead>
      <tbody>
        {defenses.defenses.map((d) => (
          <tr key={d.id} data-testid={`defense-${d.id}`} data-on={String(d.on)}>
            <td>
              <code>{d.id}</code>
              <br />
              {d.title}
            </td>
            <td className="muted">{d.summary}</td>
            <td>
              <span className={`badge ${d.on ? 'badge-on' : 'badge-off'}`}>
                {d.on ? 'On' : 'Off'}
              </span>
            </td>
            <td>
              {d.switchable ? (
                <form action={switchDefenseAction}>
                  <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
                  <input type="hidden" name="defense" value={d.id} />
                  <input type="hidden" name="on" value={String(!d.on)} />
                  <SubmitButton className={d.on ? 'button button-danger' : 'button'}>
                    {d.on ? 'Turn off' : 'Turn on'}
                    <span className="visually-hidden"> {d.id}</span>
                  </SubmitButton>
                </form>
              ) : (
                <span className="muted">Always on</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Attendees best first: who got past which defense while it was off, and when first. */
function Scoreboard({ entries }: { entries: ScoreboardView['entries'] }) {
  if (entries.length === 0) {
    return (
      <div className="card empty" data-testid="scoreboard">
        <p>Nobody has got past a defense yet. Turn one off and let the attendees try.</p>
      </div>
    );
  }
  return (
    <table className="table" data-testid="scoreboard">
      <caption className="visually-hidden">Workshop scoreboard</caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Party</th>
          <th scope="col">Subject</th>
          <th scope="col">Score</th>
          <th scope="col">Defenses passed (first time)</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={entry.sub}>
            <td>{i + 1}</td>
            <td>
              {entry.party ? (
                <>
                  {entry.party.kind} <code>{entry.party.id}</code>
                </>
              ) : (
                <span className="muted">unknown</span>
              )}
            </td>
            <td>
              <code title={entry.sub}>{shortSub(entry.sub)}</code>
            </td>
            <td>{entry.score}</td>
            <td>
              <ul className="plain-list">
                {entry.defenses.map((d) => (
                  <li key={d.defense}>
                    <code>{d.defense}</code> {utc(d.firstAt)}
                    {d.count > 1 ? ` (×${d.count})` : ''}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A subject is an opaque id: its first characters tell attendees apart on screen. */
function shortSub(sub: string): string {
  return sub.length > 12 ? `${sub.slice(0, 8)}…` : sub;
}

function utc(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime())
    ? iso
    : `${at.toLocaleString('en-US', { timeZone: 'UTC' })} UTC`;
}
