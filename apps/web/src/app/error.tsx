'use client';

/** Unexpected failure of a page: no stack, no detail — only a reference (the digest) for support. */
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <section className="card" role="alert">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Please try again in a moment.</p>
      {error.digest ? (
        <p className="muted">
          Reference <code>{error.digest}</code>
        </p>
      ) : null}
    </section>
  );
}
