import type { RecordedEvent } from '@selaras/shared';
import { TICKER_SIZE, programOf, pushRecent } from './ticker';

/** How long a changed card stays highlighted. */
export const HIGHLIGHT_MS = 5000;
/** A catch-up batch (after a wake-up) highlights only its last few programs: all of them says nothing. */
export const MAX_HIGHLIGHTS_PER_BATCH = 12;

export interface FeedSnapshot {
  /** The latest changes, newest first, at most TICKER_SIZE. */
  recent: readonly RecordedEvent[];
  /** Highlighted program id → recency (higher is newer). */
  highlighted: ReadonlyMap<string, number>;
}

/**
 * What the display shows about changes: the ticker's last events and the highlighted cards. Bounded on
 * purpose, for a display that runs all day: the ticker keeps TICKER_SIZE events, the highlights at most
 * one entry per program, and one timer at a time removes them when they expire.
 */
export class DisplayFeed {
  private snapshot: FeedSnapshot = { recent: [], highlighted: new Map() };
  private readonly until = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private seq = 0;

  constructor(
    private readonly options: { highlightMs?: number; now?: () => number; tickerSize?: number } = {},
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  /** Older events for the ticker (loaded when the display opens): listed, not highlighted. */
  seed(events: readonly RecordedEvent[]): void {
    this.publish({ recent: pushRecent(this.snapshot.recent, events, this.tickerSize) });
  }

  /** Live events, as the connection folded them in. */
  receive(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    const now = this.now();
    const expires = now + (this.options.highlightMs ?? HIGHLIGHT_MS);
    const ids: string[] = [];
    for (let i = events.length - 1; i >= 0 && ids.length < MAX_HIGHLIGHTS_PER_BATCH; i--) {
      const id = programOf(events[i]!);
      if (id !== null && !ids.includes(id)) ids.push(id);
    }
    const highlighted = new Map(this.snapshot.highlighted);
    for (const id of ids.reverse()) {
      this.until.set(id, expires);
      highlighted.delete(id); // re-inserted: the newest stays last
      highlighted.set(id, ++this.seq);
    }
    this.publish({ recent: pushRecent(this.snapshot.recent, events, this.tickerSize), highlighted });
    if (ids.length > 0) this.schedule(expires);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.until.clear();
    this.listeners.clear();
  }

  private get tickerSize(): number {
    return this.options.tickerSize ?? TICKER_SIZE;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** One timer, for the earliest expiry. */
  private schedule(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.now()));
  }

  private expire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    let next = Infinity;
    let changed = false;
    const highlighted = new Map(this.snapshot.highlighted);
    for (const [id, until] of this.until) {
      if (until <= now) {
        this.until.delete(id);
        highlighted.delete(id);
        changed = true;
      } else next = Math.min(next, until);
    }
    if (changed) this.publish({ highlighted });
    if (next < Infinity) this.schedule(next);
  }

  private publish(patch: Partial<FeedSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
