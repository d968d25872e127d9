import { loadWebConfig } from '../config';
import { prepareSessionKey } from './session/session';

/**
 * Start-up checks of the Node.js server: a bad configuration stops the process listing every bad
 * key (instead of failing on the first request), and the session key exists before any request.
 */
export async function boot(): Promise<void> {
  try {
    loadWebConfig();
    await prepareSessionKey();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
