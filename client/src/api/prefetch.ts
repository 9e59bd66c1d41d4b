/**
 * Answers that index.html's inline script started before the app's script arrived: the board a page on
 * /papan/<id> shows and, once its headers said which, the board's nomenclature list. Each is taken at
 * most once, only by a GET of the same path with the same token, and only while fresh; anything else
 * asks the server again. Dropped a while after start-up whether used or not.
 */
interface Prefetched {
  token: string;
  /** performance.now() when it was started. */
  at: number;
  response: Promise<Response>;
}

declare global {
  interface Window {
    __selarasPrefetch?: Record<string, Prefetched>;
  }
}

/** Older than this, an answer may be behind a board that moved on: ask again. */
const FRESH_MS = 15_000;

export function takePrefetched(
  path: string,
  token: string | null | undefined,
): Promise<Response> | undefined {
  const started = typeof window === 'undefined' ? undefined : window.__selarasPrefetch;
  const hit = started?.[path];
  if (!hit) return undefined;
  delete started[path];
  if (!token || hit.token !== token || performance.now() - hit.at > FRESH_MS) return undefined;
  return hit.response;
}

/** Forgets every answer not taken (their bodies are no longer held). */
export function dropPrefetched(): void {
  if (typeof window !== 'undefined') delete window.__selarasPrefetch;
}
