import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Session } from './session-cookie';
import { cookieNames, openSession } from './session';

/** The signed-in session of this request, if any (server components, actions, route handlers). */
export async function currentSession(): Promise<Session | undefined> {
  const jar = await cookies();
  return openSession(jar.get(cookieNames().session)?.value);
}

/** The session, or a redirect to sign in. */
export async function requireSession(): Promise<Session> {
  const session = await currentSession();
  if (!session) redirect('/auth/login');
  return session;
}
