import Link from 'next/link';

/** 404: the page, or the object behind it, does not exist — or is not yours to know about. */
export default function NotFound() {
  return (
    <section className="card" data-testid="not-found">
      <h1>Not found</h1>
      <p>We could not find what you were looking for. It may not exist, or it is not yours.</p>
      <Link href="/portal" className="button">
        Back to your portal
      </Link>
    </section>
  );
}
