import { redirect } from 'next/navigation';
import { portalPath } from '../../server/portal';
import { requireSession } from '../../server/session/current-session';

/** After sign-in: each person goes to their party kind's portal (from the ID token's `party`). */
export default async function Portal() {
  const session = await requireSession();
  redirect(portalPath(session.party.kind));
}
