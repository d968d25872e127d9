/**
 * Next.js calls this once when the server starts. `NEXT_RUNTIME` is the one environment read outside
 * config.ts: Next.js sets it (it is not configuration) and its static value keeps the Node-only
 * boot code out of any edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./server/boot');
    await boot();
  }
}
