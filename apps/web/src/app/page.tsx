import Link from 'next/link';
import { portalPath } from '../server/portal';
import { currentSession } from '../server/session/current-session';

const NOTICES: Record<string, string> = {
  failed: 'Sign-in did not complete. Please try again.',
  expired: 'Your sign-in took too long. Please try again.',
  unavailable: 'Sign-in is not available right now. Please try again in a moment.',
};

/** The landing page: what ClaimGuard does, and the way in. */
export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await currentSession();
  const signin = (await searchParams).signin;
  const notice = typeof signin === 'string' ? NOTICES[signin] : undefined;
  return (
    <div className="hero">
      {notice ? (
        <div className="notice notice-error" role="alert">
          {notice}
        </div>
      ) : null}
      <h1>Your claim, from the roadside to the payout.</h1>
      <p className="lead">
        File a claim in minutes, and follow the tow truck, the repair shop, the adjuster&apos;s
        decision and your rental car in one place — no phone calls.
      </p>
      {session ? (
        <Link href={portalPath(session.party.kind)} className="button button-large">
          Go to your portal
        </Link>
      ) : (
        <a href="/auth/login" className="button button-large">
          Sign in to ClaimGuard
        </a>
      )}
      <ul className="features">
        <li>
          <h2>Members</h2>
          <p>
            File a claim with guided steps and follow it on a live timeline, rental car included.
          </p>
        </li>
        <li>
          <h2>Tow operators</h2>
          <p>See your company&apos;s jobs; dispatch, pick up and deliver the car to a shop.</p>
        </li>
        <li>
          <h2>Repair shops</h2>
          <p>Write the estimate line by line and report the repair done.</p>
        </li>
        <li>
          <h2>Adjusters</h2>
          <p>Review the estimates assigned to you, approve or deny, and settle the claim.</p>
        </li>
        <li>
          <h2>Rental agents</h2>
          <p>See the cars members asked for at your agency, and confirm them.</p>
        </li>
        <li>
          <h2>Service representatives</h2>
          <p>Look up any claim&apos;s status for a caller, with personal details hidden.</p>
        </li>
        <li>
          <h2>Instructors</h2>
          <p>
            Run a security workshop: turn defenses off and on, and follow the attendees&apos;
            scoreboard.
          </p>
        </li>
      </ul>
    </div>
  );
}
