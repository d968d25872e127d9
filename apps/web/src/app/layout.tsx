import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '../components/site-header';
import { TrainingBanner } from '../components/training-banner';
import { currentSession } from '../server/session/current-session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ClaimGuard', template: '%s · ClaimGuard' },
  description: 'File and follow your auto claim: towing, repair, rental and payout in one place.',
  referrer: 'same-origin',
};

/** Every page: the training banner (when defenses are off), the header, the page. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <TrainingBanner />
        <SiteHeader session={session} />
        <main id="main" className="page">
          {children}
        </main>
        <footer className="site-footer">
          ClaimGuard is a fictional insurer: a reference application for API security training.
        </footer>
      </body>
    </html>
  );
}

// Every page depends on the request (session cookie, CSP nonce, live defenses report).
export const dynamic = 'force-dynamic';
