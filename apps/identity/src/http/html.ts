import type { ServerResponse } from 'node:http';

/** Where identity serves the one stylesheet its pages use (CSP `style-src 'self'`). */
export const STYLESHEET_PATH = '/assets/identity.css';

/**
 * Headers of every HTML page identity renders: no script at all, styles only from identity, never
 * framed (clickjacking), never cached, no referrer leaking the interaction URL.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A complete HTML document; `body` must already be escaped markup. */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ClaimGuard</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>
`;
}

/** Sends an HTML page with {@link PAGE_HEADERS}. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

/** A plain error page: a title and a sentence, never a stack trace or internal detail. */
export function errorPage(title: string, message: string): string {
  return htmlDocument(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** The stylesheet of identity's pages: small, local, no web fonts. */
export const STYLESHEET = `*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;color:#1b2430}
.card{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:#fff;border-radius:.5rem;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 1rem}
p{line-height:1.5}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem;font-size:1rem;border:1px solid #8a94a3;border-radius:.25rem}
input:focus,button:focus{outline:3px solid #1f6feb;outline-offset:1px}
button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;
background:#1f4e8c;border:0;border-radius:.25rem;cursor:pointer}
button.secondary{background:#5a6472}
.error{padding:.75rem;border-radius:.25rem;background:#fdecea;color:#8a1c12;border:1px solid #f5c2bd}
.client{color:#4a5563;font-size:.95rem}
`;
