/// <reference lib="dom" />
// In-page code of the login → first card benchmark (serialised by playwright: self-contained). It only
// observes the page: the client's code is not touched.

export interface LoginTimes {
  /** performance.now() when the login form was submitted (the clock starts here). */
  submitted: number;
  /** The first card visible in the viewport (MutationObserver). */
  firstCard: number;
  /** After the frame that showed it (rAF, then a task): the figure. */
  painted: number;
  /** The login POST's response end, −1 if not seen. */
  loginResponseEnd: number;
  /** The board list's response end (only when the client asked for it), −1 if not. */
  boardListResponseEnd: number;
  /** The board GET: request start and response end, and its compressed size. */
  boardRequestStart: number;
  boardResponseEnd: number;
  boardTransferBytes: number;
  /** JavaScript fetched by this page (compressed bytes as sent): before the submit and after it. */
  jsBytesBeforeSubmit: number;
  jsBytesAfterSubmit: number;
  jsFilesAfterSubmit: number;
}

/**
 * Call with the login form filled in, right before clicking its submit button: resolves
 * `window.__selarasFirstCard` at the frame after the first card shows (the board from any route:
 * straight after login, or after the bench picked it from the list).
 */
export function armLoginTimer(boardId: string): void {
  const w = window as unknown as { __selarasFirstCard: Promise<LoginTimes> };
  w.__selarasFirstCard = new Promise((resolve) => {
    let submitted = -1;
    document.addEventListener(
      'submit',
      () => {
        if (submitted < 0) submitted = performance.now();
      },
      { capture: true },
    );
    const visibleCard = () => {
      for (const el of Array.from(document.querySelectorAll('[data-testid=card]'))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight) return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => {
      if (submitted < 0 || !visibleCard()) return;
      const firstCard = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const painted = performance.now();
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const path = (r: PerformanceResourceTiming) => new URL(r.name).pathname;
          const last = (test: (p: string) => boolean) => resources.filter((r) => test(path(r))).at(-1);
          const login = last((p) => p === '/api/auth/login');
          const list = last((p) => p === '/api/boards');
          const board = last((p) => p === `/api/boards/${boardId}`);
          const js = resources.filter((r) => path(r).endsWith('.js'));
          const sum = (xs: PerformanceResourceTiming[]) => xs.reduce((n, r) => n + r.encodedBodySize, 0);
          const after = js.filter((r) => r.startTime >= submitted);
          resolve({
            submitted,
            firstCard,
            painted,
            loginResponseEnd: login?.responseEnd ?? -1,
            boardListResponseEnd: list && list.startTime >= submitted ? list.responseEnd : -1,
            boardRequestStart: board?.requestStart ?? -1,
            boardResponseEnd: board?.responseEnd ?? -1,
            boardTransferBytes: board?.encodedBodySize ?? -1,
            jsBytesBeforeSubmit: sum(js.filter((r) => r.startTime < submitted)),
            jsBytesAfterSubmit: sum(after),
            jsFilesAfterSubmit: after.length,
          });
        };
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}
