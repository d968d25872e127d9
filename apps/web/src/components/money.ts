/** Cents as US dollars, e.g. 138000 → `$1,380.00`. */
export function dollars(cents: number): string {
  return (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

/** A dollar amount typed by a person (`1,380.00`, `$99`) in cents, or undefined if it is none. */
export function parseDollars(text: string): number | undefined {
  const clean = text.replace(/[$,\s]/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(clean)) return undefined;
  return Math.round(Number(clean) * 100);
}
