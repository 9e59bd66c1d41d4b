/// <reference lib="dom" />
// Code that runs inside chromium for the client benchmark (serialised by playwright: each function
// must be self-contained). Instrumentation only observes the page (MutationObserver, timestamps); the
// client's code is not touched.

export interface PaintTimes {
  /** performance.now() when the DOM first showed it (MutationObserver callback). */
  mutated: number;
  /** In the next requestAnimationFrame callback (before that frame's style, layout and paint). */
  raf: number;
  /** In a task queued from that callback: after the frame was produced; the "painted" figure. */
  painted: number;
}

export interface LoadTimes extends PaintTimes {
  firstCard: number;
  online: number;
  /** The board's nomenclature list is loaded and the board editable (issue 11); 0 if it never waited. */
  editable: number;
  domContentLoaded: number;
  boardResponseEnd: number;
  boardTransferBytes: number;
  scriptResponseEnd: number;
}

export interface MessageArrival {
  at: number;
  head: string;
}

/**
 * Before any of the page's scripts: stores the session (as the login page would), and resolves
 * `window.__selarasLoaded` once a card is visible in the viewport, the connection says online AND the
 * board is editable (its nomenclature list loaded).
 * Also timestamps every WebSocket message as its event is dispatched (a listener added before the
 * page's own handler), kept as the in-page arrival time next to CDP's network arrival time.
 */
export function initScript(session: string): void {
  try {
    localStorage.setItem('selaras:session', session);
  } catch {
    // opaque origin (about:blank): nothing to store
  }
  const w = window as unknown as {
    __selarasLoaded: Promise<LoadTimes>;
    __wsArrivals: MessageArrival[];
  };
  w.__wsArrivals = [];
  const Native = window.WebSocket;
  const Wrapped = function (this: unknown, url: string | URL, protocols?: string | string[]) {
    const socket = new Native(url, protocols);
    socket.addEventListener('message', (event: MessageEvent) => {
      const at = performance.now();
      if (typeof event.data === 'string' && event.data.startsWith('42'))
        w.__wsArrivals.push({ at, head: event.data.slice(0, 4000) });
      if (w.__wsArrivals.length > 500) w.__wsArrivals.splice(0, 250);
    });
    return socket;
  } as unknown as typeof WebSocket;
  Wrapped.prototype = Native.prototype;
  Object.assign(Wrapped, {
    CONNECTING: Native.CONNECTING,
    OPEN: Native.OPEN,
    CLOSING: Native.CLOSING,
    CLOSED: Native.CLOSED,
  });
  window.WebSocket = Wrapped;

  w.__selarasLoaded = new Promise((resolve) => {
    let firstCard = -1;
    let online = -1;
    let editable = -1;
    const visibleCard = () => {
      for (const el of Array.from(document.querySelectorAll('[data-testid=card]'))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight) return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (firstCard < 0 && visibleCard()) firstCard = now;
      if (
        online < 0 &&
        document.querySelector('[data-testid=connection]')?.getAttribute('data-status') === 'online'
      )
        online = now;
      // Interactive = editable: the board's nomenclature list has arrived (no status line left).
      if (editable < 0 && firstCard >= 0 && !document.querySelector('[data-testid=nomenclature-status]'))
        editable = now;
      if (firstCard < 0 || online < 0 || editable < 0) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const raf = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const painted = performance.now();
          const nav = performance.getEntriesByType('navigation')[0] as
            PerformanceNavigationTiming | undefined;
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const board = resources.find((r) => /\/api\/boards\/[^/?]+$/.test(new URL(r.name).pathname));
          const script = resources.find((r) => /\/assets\/.*\.js$/.test(r.name));
          resolve({
            firstCard,
            online,
            editable,
            mutated: Math.max(firstCard, online, editable),
            raf,
            painted,
            domContentLoaded: nav?.domContentLoadedEventEnd ?? -1,
            boardResponseEnd: board?.responseEnd ?? -1,
            boardTransferBytes: board?.encodedBodySize ?? -1,
            scriptResponseEnd: script?.responseEnd ?? -1,
          });
        };
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

/**
 * Arms a one-shot observer: resolves `window.__selarasShown` when the element matching `selector`
 * has the text `text`, with the mutation, rAF and after-frame times.
 */
export function armTextObserver({ selector, text }: { selector: string; text: string }): void {
  const w = window as unknown as { __selarasShown: Promise<PaintTimes> };
  w.__selarasShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)?.textContent !== text) return;
      const mutated = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        const raf = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ mutated, raf, painted: performance.now() });
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * The raw baseline: a trivial page on the same origin that speaks Socket.IO's wire protocol over a
 * bare WebSocket (no library), joins the board and, for every `board:events` frame, parses it and
 * writes a program's new title into one element. Receive + parse + one DOM write + paint: the floor
 * any client pays for the same frame in the same browser.
 */
export function rawBaselinePage({
  token,
  boardId,
  programId,
  after,
}: {
  token: string;
  boardId: string;
  programId: string;
  after: number;
}): Promise<void> {
  document.documentElement.innerHTML =
    '<head><title>raw</title></head><body><div id="title" style="font: 16px sans-serif">—</div></body>';
  const title = document.getElementById('title')!;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    ws.onerror = () => reject(new Error('raw websocket failed'));
    ws.onmessage = (event: MessageEvent<string>) => {
      const data = event.data;
      if (data === '2')
        ws.send('3'); // engine.io ping → pong
      else if (data.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
      else if (data.startsWith('40')) ws.send(`420${JSON.stringify(['board:join', { boardId, after }])}`);
      else if (data.startsWith('430')) resolve();
      else if (data.startsWith('44')) reject(new Error(`raw connect refused: ${data}`));
      else if (data.startsWith('42')) {
        const [name, payload] = JSON.parse(data.slice(2)) as [
          string,
          { events: Array<{ type: string; data: { programId?: string; changes?: { title?: string } } }> },
        ];
        if (name !== 'board:events') return;
        for (const e of payload.events)
          if (e.data.programId === programId && e.data.changes?.title)
            title.textContent = e.data.changes.title;
      }
    };
  });
}
