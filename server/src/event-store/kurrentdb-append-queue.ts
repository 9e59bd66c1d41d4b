import { WrongExpectedRevisionError, type ExpectedRevision } from './event-store.port';

interface StreamLane {
  tail: Promise<void>;
  pending: number;
  /** The revision a failed append expected, while appends queued behind it are still pending. */
  conflictAfter?: bigint;
  actual?: bigint;
}

/**
 * Runs appends to one stream one at a time, in call order. KurrentDB takes concurrent appends in any
 * order, so pipelined appends (`expectedRevision` n, n+1, ...) could arrive swapped and fail; SQLite's
 * group commit keeps them in order, and the port promises they all succeed.
 *
 * A pipelined append is decided on top of the ones before it (its events chain onto their hashes).
 * When one of those fails with a revision conflict (another server wrote the stream meanwhile), an
 * append queued behind it that expects a later revision must fail too, even if the stream's revision
 * now happens to match: it would otherwise put events with a stale prevHash in the store.
 */
export class StreamAppendQueue {
  private readonly lanes = new Map<string, StreamLane>();

  /** Runs `task` after every append queued before it on `stream` has settled. */
  run<T>(stream: string, expected: ExpectedRevision, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(stream);
    if (!lane) {
      lane = { tail: Promise.resolve(), pending: 0 };
      this.lanes.set(stream, lane);
    }
    const current = lane;
    current.pending += 1;
    const result = current.tail.then(async () => {
      if (
        typeof expected === 'bigint' &&
        current.conflictAfter !== undefined &&
        expected > current.conflictAfter
      ) {
        const error = new WrongExpectedRevisionError(stream, expected, current.actual ?? -1n);
        error.message += ' (an append queued before this one failed, and this one built on it)';
        throw error;
      }
      try {
        return await task();
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && typeof expected === 'bigint') {
          current.conflictAfter = minBig(current.conflictAfter, expected);
          current.actual = error.actual;
        }
        throw error;
      }
    });
    current.tail = result.then(
      () => this.settled(stream, current),
      () => this.settled(stream, current),
    );
    return result;
  }

  /** Resolves once every append queued so far has settled. */
  async drained(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.tail));
  }

  private settled(stream: string, lane: StreamLane): void {
    lane.pending -= 1;
    if (lane.pending > 0) return;
    // A burst is over: the next append starts clean (its caller has reloaded the stream).
    lane.conflictAfter = undefined;
    lane.actual = undefined;
    if (this.lanes.get(stream) === lane) this.lanes.delete(stream);
  }
}

const minBig = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b < a ? b : a);
