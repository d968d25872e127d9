import Link from 'next/link';

/** 403: signed in, but this part of ClaimGuard is not for your role. */
export default function Forbidden() {
  return (
    <section className="card" data-testid="forbidden">
      <h1>Access denied</h1>
      <p>Your account is not allowed to open this page.</p>
      <Link href="/portal" className="button">
        Back to your portal
      </Link>
    </section>
  );
}
