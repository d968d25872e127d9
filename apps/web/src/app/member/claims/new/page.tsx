import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePortal } from '../../../../server/portal';
import { ClaimForm } from './claim-form';

export const metadata: Metadata = { title: 'File a claim' };

/** The guided claim form. */
export default async function NewClaim() {
  const session = await requirePortal('member');
  return (
    <section className="narrow">
      <p>
        <Link href="/member">← My claims</Link>
      </p>
      <h1>File a claim</h1>
      <p className="lead">Four short steps. Fields are required unless marked optional.</p>
      <ClaimForm csrfToken={session.csrfToken} today={new Date().toISOString().slice(0, 10)} />
    </section>
  );
}
