/// <reference lib="dom" />
// Code that runs inside chromium for the display benchmark (serialised by playwright: each function
// must be self-contained). It only observes the page; the display's code is not touched.

/** Before the page's scripts: the session the login page would store. */
export function storeSession(session: string): void {
  try {
    localStorage.setItem('selaras:session', session);
  } catch {
    // opaque origin (about:blank): nothing to store
  }
}

/**
 * Arms a one-shot observer: `window.__displayShown` resolves with the wall-clock time (ms since the
 * epoch: performance.timeOrigin + now, the clock the benchmark's own process reads on this machine) of
 * the frame after the program's card is in `columnId` and highlighted, i.e. painted as changed.
 */
export function armMoveObserver({ programId, columnId }: { programId: string; columnId: string }): void {
  const w = window as unknown as { __displayShown: Promise<number> };
  const selector =
    `[data-testid=column][data-column-id="${columnId}"] ` +
    `[data-testid=card][data-program-id="${programId}"][data-highlighted]`;
  w.__displayShown = new Promise((resolve) => {
    const done = () =>
      requestAnimationFrame(() => {
        // A task queued from the frame callback runs after that frame was produced.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.timeOrigin + performance.now());
        channel.port2.postMessage(null);
      });
    if (document.querySelector(selector)) return done();
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

/** Whether the display shows the board at `revision` (or later). */
export function showsRevision(revision: number): boolean {
  return (
    Number(document.querySelector('[data-testid=display]')?.getAttribute('data-revision') ?? -1) >= revision
  );
}
