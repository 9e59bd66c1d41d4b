import { Readable } from 'node:stream';
import type { JSONEventData, Position } from '@kurrent/kurrentdb-client';
import type { KurrentClient } from './kurrentdb-event-store';
import type { ResolvedLike, StreamState } from './kurrentdb-mapping';

/**
 * An in-memory stand-in for a KurrentDB node behind `KurrentClient`, for tests on machines where no
 * server can run. It follows KurrentDB's documented behaviour, not the port's: idempotence by
 * (stream, id) with the expected-version rules and a best-effort cache for ANY, ids reusable across
 * streams, StreamNotFound on reading a missing stream, inclusive reads and exclusive subscriptions,
 * (commit, prepare) positions shared by the events of one append, its own `$` system events in `$all`,
 * `caughtUp` as an emitted event, appends that may arrive out of order, and subscriptions that drop
 * and are not resumed. It is only as faithful as that reading of the documentation.
 */
export interface SimulatedOptions {
  /** What an idempotent repeat reports as nextExpectedRevision: its own last revision, or the stream's. */
  idempotentRevision?: 'original' | 'current';
  /** Appends wait 0..jitterMs before being applied, so concurrent ones may overtake each other. */
  jitterMs?: number;
  /** Writes a `$statistics` system event after every N user appends. */
  systemEventEvery?: number;
  /** A subscription also re-delivers the event at its start position (a misbehaving source). */
  inclusiveSubscriptions?: boolean;
  /**
   * Reads that do not require the leader are served by a follower that has not yet replicated the
   * last N appends (the leader acknowledges an append before every follower has it).
   */
  followerLagAppends?: number;
  /** The client's connection setting: `false` answers a conflict with `{success: false}`, no error. */
  throwOnAppendFailure?: boolean;
}

interface Row {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: string;
  metadata: Uint8Array;
  position: Position;
  /** Which user append wrote it (1, 2, …), for follower lag. */
  append: number;
}

const taggedError = (type: string, message: string, fields: object) =>
  Object.assign(new Error(message), { type }, fields);
const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : Number(a.commit - b.commit);
const toResolved = (row: Row): ResolvedLike => ({
  event: {
    streamId: row.streamId,
    id: row.id,
    type: row.type,
    revision: row.revision,
    data: JSON.parse(row.data) as unknown,
    metadata: row.metadata.length
      ? (JSON.parse(Buffer.from(row.metadata).toString('utf8')) as unknown)
      : undefined,
    position: row.position,
  },
});
const matches = (filter: { regex: string } | undefined, row: Row): boolean =>
  !filter || new RegExp(filter.regex).test(row.type);

class SimulatedSubscription extends Readable {
  constructor(
    private readonly node: SimulatedKurrentDb,
    private readonly from: 'start' | 'end' | Position,
    private readonly eventFilter: { regex: string } | undefined,
    inclusive: boolean,
  ) {
    super({ objectMode: true, read: () => undefined });
    setImmediate(() => {
      if (this.destroyed) return;
      for (const row of node.log) {
        if (this.wants(row, inclusive)) this.pushRow(row);
      }
      this.emit('caughtUp', {});
      node.live.add(this);
    });
  }

  /** The last position pushed: an event published after catch-up already read it is not sent twice. */
  private pushed: Position | undefined;

  private pushRow(row: Row): void {
    this.push(toResolved(row));
    this.pushed = row.position;
  }

  wants(row: Row, inclusive = false): boolean {
    if (!matches(this.eventFilter, row) || this.from === 'end') return false;
    if (this.from === 'start') return true;
    const order = comparePositions(row.position, this.from);
    return inclusive ? order >= 0 : order > 0;
  }

  deliver(row: Row): void {
    if (this.destroyed || !this.wants(row)) return;
    if (this.pushed && comparePositions(row.position, this.pushed) <= 0) return;
    this.pushRow(row);
  }

  /** Like the real client: cancels the call, but the stream itself is left to the caller to end. */
  async unsubscribe(): Promise<void> {
    this.node.live.delete(this);
  }
}

export class SimulatedKurrentDb implements KurrentClient {
  readonly log: Row[] = [];
  readonly live = new Set<SimulatedSubscription>();
  private readonly streams = new Map<string, Row[]>();
  /** Stream metadata's `$maxCount`: reads see only that many last events (the rest await a scavenge). */
  private readonly maxCounts = new Map<string, number>();
  /** The ANY idempotence cache: event id → stream. */
  private readonly recentIds = new Map<string, string>();
  private offset = 1000n;
  private userAppends = 0;
  subscriptionsOpened = 0;

  constructor(private readonly options: SimulatedOptions = {}) {
    this.write('$settings', [{ id: crypto.randomUUID(), type: '$settings', data: {}, metadata: undefined }]);
  }

  async appendToStream(
    stream: string,
    events: JSONEventData[],
    options: { streamState: StreamState },
  ): Promise<{ success: boolean; nextExpectedRevision: bigint; position?: Position }> {
    const jitter = this.options.jitterMs ?? 0;
    await new Promise((resolve) =>
      jitter ? setTimeout(resolve, Math.random() * jitter) : setImmediate(resolve),
    );
    try {
      return { success: true, ...this.append(stream, events, options) };
    } catch (error) {
      if (
        this.options.throwOnAppendFailure !== false ||
        (error as { type?: unknown }).type !== 'wrong-expected-version'
      )
        throw error;
      const current = BigInt(this.streams.get(stream)?.length ?? 0) - 1n;
      return { success: false, nextExpectedRevision: current };
    }
  }

  private append(
    stream: string,
    events: JSONEventData[],
    { streamState }: { streamState: StreamState },
  ): { nextExpectedRevision: bigint; position?: Position } {
    const rows = this.streams.get(stream) ?? [];
    const current = BigInt(rows.length) - 1n;
    const ids = events.map((event) => event.id);
    const conflict = () =>
      taggedError('wrong-expected-version', `WrongExpectedVersion on ${stream}`, {
        streamName: stream,
        expectedState: streamState,
        actualState: rows.length ? current : 'no_stream',
      });
    /** The documented idempotence check: the ids already at `from`… are all, none or some of these. */
    const repeatAt = (from: bigint) => {
      const stored = rows.slice(Number(from), Number(from) + ids.length).map((row) => row.id);
      const same = stored.filter((id, i) => id === ids[i]).length;
      if (same === 0) return undefined;
      if (same < ids.length) throw conflict();
      const last = from + BigInt(ids.length) - 1n;
      return { nextExpectedRevision: this.options.idempotentRevision === 'current' ? current : last };
    };
    if (typeof streamState === 'bigint' || streamState === 'no_stream') {
      const expected = streamState === 'no_stream' ? -1n : streamState;
      if (expected > current) throw conflict();
      if (expected < current) {
        const repeat = repeatAt(expected + 1n);
        if (repeat) return repeat;
        throw conflict();
      }
    } else {
      if (streamState === 'stream_exists' && rows.length === 0) throw conflict();
      if (this.recentIds.get(ids[0] as string) === stream) {
        const repeat = repeatAt(BigInt(rows.findIndex((row) => row.id === ids[0])));
        if (repeat) return repeat;
      }
    }
    this.userAppends += 1;
    const written = this.write(stream, events);
    const every = this.options.systemEventEvery;
    if (every && this.userAppends % every === 0) {
      this.write('$statistics', [
        { id: crypto.randomUUID(), type: '$statistics', data: {}, metadata: undefined },
      ]);
    }
    const last = written[written.length - 1];
    return { nextExpectedRevision: last ? last.revision : current, ...(last && { position: last.position }) };
  }

  async *readStream(
    stream: string,
    options: {
      fromRevision: 'start' | 'end' | bigint;
      direction: 'forwards' | 'backwards';
      maxCount?: bigint;
      requiresLeader?: boolean;
    },
  ): AsyncIterable<ResolvedLike> {
    await Promise.resolve();
    const replicated = this.replicated(options.requiresLeader);
    const all = this.streams.get(stream)?.filter(replicated);
    if (!all?.length) throw taggedError('stream-not-found', `${stream} not found`, { streamName: stream });
    const maxCount = this.maxCounts.get(stream);
    const rows = maxCount === undefined ? all : all.slice(-maxCount);
    const { fromRevision: from, direction } = options;
    const picked =
      direction === 'forwards'
        ? rows.filter((row) => from === 'start' || (from !== 'end' && row.revision >= from))
        : rows.filter((row) => from === 'end' || (from !== 'start' && row.revision <= from)).reverse();
    yield* picked.slice(0, Number(options.maxCount ?? BigInt(picked.length))).map(toResolved);
  }

  async *readAll(options: {
    fromPosition: 'start' | 'end' | Position;
    direction: 'forwards' | 'backwards';
    maxCount?: bigint;
    filter: { regex: string };
    requiresLeader?: boolean;
  }): AsyncIterable<ResolvedLike> {
    await Promise.resolve();
    const { fromPosition: from, direction, filter } = options;
    const replicated = this.replicated(options.requiresLeader);
    const inRange = (row: Row) =>
      from === 'start' ||
      from === 'end' ||
      comparePositions(row.position, from) * (direction === 'forwards' ? 1 : -1) >= 0;
    const rows = (direction === 'forwards' ? [...this.log] : [...this.log].reverse()).filter(
      (row) =>
        replicated(row) &&
        matches(filter, row) &&
        (direction === 'forwards' ? from !== 'end' : from !== 'start') &&
        inRange(row),
    );
    yield* rows.slice(0, Number(options.maxCount ?? BigInt(rows.length))).map(toResolved);
  }

  subscribeToAll(options: { fromPosition: 'start' | 'end' | Position; filter: { regex: string } }) {
    this.subscriptionsOpened += 1;
    return new SimulatedSubscription(
      this,
      options.fromPosition,
      options.filter,
      !!this.options.inclusiveSubscriptions,
    );
  }

  /** Only `maxCount` is simulated; the metadata event goes to `$$<stream>`, a system stream. */
  async setStreamMetadata(stream: string, metadata: { maxCount?: number | bigint }): Promise<unknown> {
    await Promise.resolve();
    if (metadata.maxCount !== undefined) this.maxCounts.set(stream, Number(metadata.maxCount));
    else this.maxCounts.delete(stream);
    const data = { $maxCount: this.maxCounts.get(stream) ?? null };
    this.write(`$$${stream}`, [{ id: crypto.randomUUID(), type: '$metadata', data, metadata: undefined }]);
    return { success: true };
  }

  async dispose(): Promise<void> {
    for (const subscription of this.live) subscription.destroy();
    this.live.clear();
  }

  /** What a read sees: the leader has everything, a lagging follower not the last appends. */
  private replicated(requiresLeader: boolean | undefined): (row: Row) => boolean {
    const lag = this.options.followerLagAppends ?? 0;
    if (requiresLeader || lag === 0) return () => true;
    return (row) => row.append <= this.userAppends - lag;
  }

  /** Another writer (a second server) appends to `stream`, whatever its state. */
  writeForeign(stream: string, count: number): void {
    const events = Array.from({ length: count }, () => ({
      id: crypto.randomUUID(),
      type: 'Foreign',
      data: {},
      metadata: undefined,
    }));
    this.write(stream, events);
  }

  /** Drops every live subscription with `error` (a restarted node), or ends them (no error). */
  dropSubscriptions(error?: Error): void {
    for (const subscription of this.live) {
      if (error) subscription.destroy(error);
      else subscription.push(null);
    }
    this.live.clear();
  }

  private write(
    stream: string,
    events: { id: string; type: string; data: unknown; metadata: unknown }[],
  ): Row[] {
    const rows = this.streams.get(stream) ?? [];
    this.streams.set(stream, rows);
    const commit = this.offset; // every event of one append shares the commit position
    const written = events.map((event) => {
      this.offset += 100n;
      const metadata =
        event.metadata instanceof Uint8Array
          ? event.metadata
          : new Uint8Array(event.metadata ? Buffer.from(JSON.stringify(event.metadata)) : []);
      const row: Row = {
        streamId: stream,
        id: event.id,
        type: event.type,
        revision: BigInt(rows.length),
        data: JSON.stringify(event.data),
        metadata,
        position: { commit, prepare: this.offset },
        append: this.userAppends,
      };
      rows.push(row);
      this.log.push(row);
      this.recentIds.set(event.id, stream);
      return row;
    });
    // Like the real server, subscribers hear of an append only after it was acknowledged to its writer.
    setImmediate(() => {
      for (const subscription of this.live) written.forEach((row) => subscription.deliver(row));
    });
    return written;
  }
}
