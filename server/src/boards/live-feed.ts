import type { RecordedEvent } from '@selaras/shared';

export type CommittedListener = (boardId: string, events: RecordedEvent[]) => void;

interface Waiter {
  revision: number;
  resolve: (reached: boolean) => void;
}

/**
 * What goes out live, per board: the committed events in revision order, each exactly once, batched per
 * tick (one store transaction often carries many). `revision(board)` is the last revision handed to the
 * listeners; a socket's catch-up from the store reads up to it and then joins the room in the same tick,
 * so no event is missed or repeated. Fed only by the committed projection, never by a writer, so nothing
 * a writer goes through (stale appends, replacement) can skip or repeat an event.
 */
export class LiveFeed {
  private readonly revisions = new Map<string, number>();
  private readonly outbox = new Map<string, RecordedEvent[]>();
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly emit: (boardId: string, events: RecordedEvent[]) => void,
    private readonly onFlushed: (boardId: string, revision: number) => void = () => undefined,
  ) {}

  /** A board's feed starts after `revision` (what was loaded); a later start does not move it back. */
  start(boardId: string, revision: number): void {
    if (!this.revisions.has(boardId)) this.revisions.set(boardId, revision);
  }

  revision(boardId: string): number | undefined {
    return this.revisions.get(boardId);
  }

  /** The next committed event of a board (the projection hands them over in order). */
  push(boardId: string, event: RecordedEvent): void {
    const batch = this.outbox.get(boardId);
    if (batch) batch.push(event);
    else {
      this.outbox.set(boardId, [event]);
      queueMicrotask(() => this.flush(boardId));
    }
  }

  /** Resolves true once `revision` has gone out, false after `timeoutMs` without it. */
  until(boardId: string, revision: number, timeoutMs: number): Promise<boolean> {
    if ((this.revisions.get(boardId) ?? -1) >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { revision, resolve };
      const list = this.waiters.get(boardId) ?? [];
      list.push(waiter);
      this.waiters.set(boardId, list);
      setTimeout(() => {
        const current = this.waiters.get(boardId);
        const index = current?.indexOf(waiter) ?? -1;
        if (index >= 0) current!.splice(index, 1);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  private flush(boardId: string): void {
    const events = this.outbox.get(boardId);
    this.outbox.delete(boardId);
    if (!events?.length) return;
    const last = events[events.length - 1]!.revision;
    this.revisions.set(boardId, last);
    this.emit(boardId, events);
    const waiting = this.waiters.get(boardId);
    if (waiting) {
      const [due, later] = partition(waiting, (w) => w.revision <= last);
      if (later.length) this.waiters.set(boardId, later);
      else this.waiters.delete(boardId);
      for (const w of due) w.resolve(true);
    }
    this.onFlushed(boardId, last);
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
