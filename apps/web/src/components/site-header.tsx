import Link from 'next/link';
import type { Session } from '../server/session/session-cookie';
import { portalPath } from '../server/portal';
import { CSRF_FIELD } from '../server/security/csrf';

const KIND_WORDS: Record<string, string> = {
  member: 'Member',
  adjuster: 'Adjuster',
  service_rep: 'Service representative',
  tow_operator: 'Tow operator',
  repair_shop: 'Repair shop',
  rental_agent: 'Rental agent',
  instructor: 'Instructor',
};

/**
 * Brand (a link to the person's portal), the instructor's console link, who is signed in (party
 * kind and id, no contact data) and the sign-out form.
 */
export function SiteHeader({ session }: { session: Session | undefined }) {
  return (
    <header className="site-header">
      <Link href={session ? portalPath(session.party.kind) : '/'} className="brand">
        <span className="brand-mark" aria-hidden="true">
          CG
        </span>
        ClaimGuard
      </Link>
      {session ? (
        <div className="who">
          {session.party.kind === 'instructor' ? (
            <Link href="/instructor" className="nav-link" data-testid="nav-instructor">
              Training console
            </Link>
          ) : null}
          <span data-testid="signed-in-as">
            {session.name ?? 'Signed in'} · {KIND_WORDS[session.party.kind] ?? session.party.kind}{' '}
            {session.party.id}
          </span>
          <form method="post" action="/auth/logout">
            <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
            <button type="submit" className="button button-secondary">
              Sign out
            </button>
          </form>
        </div>
      ) : (
        <a href="/auth/login" className="button">
          Sign in
        </a>
      )}
    </header>
  );
}
