/** What one fetch of a photo URL learnt: never the body, only what the claim keeps. */
export interface FetchedPhoto {
  httpStatus: number;
  contentType: string | null;
  sizeBytes: number;
}

/**
 * Fetches a photo URL server side. `guarded` (defense `ssrf` on) resolves the host, refuses
 * internal addresses and connects to the address it checked (no DNS rebinding), follows no
 * redirect; unguarded (training only) follows redirects like a naive client; both modes keep the
 * timeout and the size cap.
 * @throws PhotoUrlRefused when a guard refuses or the fetch fails.
 */
export abstract class PhotoFetcher {
  abstract fetch(url: URL, options: { guarded: boolean }): Promise<FetchedPhoto>;
}
