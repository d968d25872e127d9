import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PORTAL_PATHS } from '../../server/portal';
import { requireSession } from '../../server/session/current-session';

export const metadata: Metadata = { title: 'Your account' };

/**
 * For party kinds without a portal (today every kind has one; a kind added later lands here): who
 * they are signed in as, and the plain fact that the web has nothing for them yet — no pretend
 * screens.
 */
export default async function Account() {
  const session = await requireSession();
  const portal = PORTAL_PATHS[session.party.kind];
  if (portal) redirect(portal);
  return (
    <section className="card">
      <h1>Signed in</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{session.name ?? '—'}</dd>
        <dt>Acting for</dt>
        <dd>
          <code>{session.party.kind}</code> <code>{session.party.id}</code>
        </dd>
      </dl>
      <p>
        The web portal for your role is not available in this release, so there is nothing you can
        do here yet. Members, tow operators, repair shops, adjusters, rental agents, service
        representatives and instructors have portals today.
      </p>
    </section>
  );
}
