/** How often the watcher looks at the clock. */
export const WAKE_TICK_MS = 2000;
/**
 * A gap this long between two ticks means the page did not run: the laptop slept, or the browser froze
 * the tab. Short enough to catch a sleep before Socket.IO's own heartbeat (~45 s) would; a false alarm
 * (a heavily throttled background tab) costs one re-join.
 */
export const WAKE_GAP_MS = 10_000;

export interface WakeOptions {
  tickMs?: number;
  gapMs?: number;
  now?: () => number;
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  doc?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
}

/**
 * Calls `onWake(sleptMs)` when the page comes back after not running for a while: detected by timer
 * drift (the page was frozen: a timer fires far later than asked), and checked again when the page
 * becomes visible, gets the focus or the network returns. The display then catches up at once instead
 * of showing a stale board until the socket's heartbeat notices.
 */
export class WakeWatcher {
  private last = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;
  private readonly gapMs: number;

  constructor(
    private readonly onWake: (sleptMs: number) => void,
    private readonly options: WakeOptions = {},
  ) {
    this.tickMs = options.tickMs ?? WAKE_TICK_MS;
    this.gapMs = options.gapMs ?? WAKE_GAP_MS;
  }

  start(): void {
    this.last = this.now();
    this.timer = setInterval(this.check, this.tickMs);
    this.target.addEventListener('focus', this.check);
    this.target.addEventListener('online', this.check);
    this.target.addEventListener('pageshow', this.check);
    this.doc.addEventListener('visibilitychange', this.onVisibility);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.target.removeEventListener('focus', this.check);
    this.target.removeEventListener('online', this.check);
    this.target.removeEventListener('pageshow', this.check);
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Time since the last tick, minus the tick itself: how long the page did not run. */
  readonly check = (): void => {
    const now = this.now();
    const slept = now - this.last - this.tickMs;
    this.last = now;
    if (slept >= this.gapMs) this.onWake(slept);
  };

  private readonly onVisibility = (): void => {
    // A hidden page's timers are throttled, so its ticks say little; judge when it shows again.
    if (this.doc.visibilityState === 'visible') this.check();
  };

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private get target() {
    return this.options.target ?? window;
  }

  private get doc() {
    return this.options.doc ?? document;
  }
}
