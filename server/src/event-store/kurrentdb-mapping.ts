/**
 * The KurrentDB adapter's pure mapping between the port (`event-store.port.ts`) and the client's
 * vocabulary (DESIGN.md §2). No runtime import of `@kurrent/kurrentdb-client` here: its errors are
 * recognised by their `type` tag, so this module (and its tests) never load the client's native addon.
 */
import type { JSONEventData, JSONType, Position } from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
  type StoredEvent,
} from './event-store.port';

/** The client's `streamState` values (its constants ANY, NO_STREAM, STREAM_EXISTS, or a revision). */
export type StreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** `-1n` is the port's "no stream"; the server wants the NO_STREAM constant, not a negative revision. */
export function toStreamState(expected: ExpectedRevision): StreamState {
  if (expected === -1n) return 'no_stream';
  if (typeof expected === 'bigint' && expected < -1n) throw new RangeError(`Invalid revision ${expected}`);
  return expected;
}

/** Whether a stream whose last revision is `actual` (-1n: none) meets `expected`. */
export function satisfies(expected: ExpectedRevision, actual: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1n;
  if (expected === 'stream_exists') return actual !== -1n;
  return expected === actual;
}

interface TaggedError {
  type?: unknown;
}
/** The client's WrongExpectedVersionError, as far as the adapter reads it. */
interface WrongExpectedVersionLike extends TaggedError {
  type: 'wrong-expected-version';
  actualState?: unknown;
}

const typeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as TaggedError).type : undefined;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionLike =>
  typeOf(error) === 'wrong-expected-version';

/** A read of a missing stream: the port answers it with an empty list. */
export const isStreamNotFound = (error: unknown): boolean => typeOf(error) === 'stream-not-found';

/**
 * The port's error for the client's WrongExpectedVersionError. `actualState` is 'no_stream' or the
 * last revision; a deleted (-5n) or tombstoned (-6n) stream has no events, so it maps to -1n too.
 */
export function toWrongExpectedRevision(
  error: WrongExpectedVersionLike,
  stream: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError {
  const actual = typeof error.actualState === 'bigint' && error.actualState >= 0n ? error.actualState : -1n;
  return new WrongExpectedRevisionError(stream, expected, actual);
}

const PREPARE_BITS = 64n;
const PREPARE_MASK = (1n << PREPARE_BITS) - 1n;

/**
 * KurrentDB orders `$all` by (commit, prepare), two unsigned 64-bit log offsets. The port wants one
 * bigint that sorts the same way: commit in the high bits, prepare in the low bits, plus one so that
 * `0n` ("before everything", as with SQLite) never names a real event.
 */
export function encodePosition(position: Position): bigint {
  const { commit, prepare } = position;
  if (commit < 0n || prepare < 0n || prepare > PREPARE_MASK) {
    throw new RangeError(`Invalid KurrentDB position ${commit}/${prepare}`);
  }
  return ((commit << PREPARE_BITS) | prepare) + 1n;
}

/** The inverse of `encodePosition`; `0n` and below have no event and are refused. */
export function decodePosition(position: bigint): Position {
  if (position < 1n) throw new RangeError(`Position ${position} names no KurrentDB event`);
  const raw = position - 1n;
  return { commit: raw >> PREPARE_BITS, prepare: raw & PREPARE_MASK };
}

/**
 * Positions are bigint and never cross the wire (revisions do, as JSON numbers). For logs and
 * diagnostics, which go through JSON.stringify (it throws on a bigint), they become strings.
 */
export const formatPosition = (position: bigint | undefined): string | undefined =>
  position === undefined ? undefined : `${position}`;

/** What the adapter reads from the client's resolved events (stream reads and `$all`). */
export interface ResolvedLike {
  event?: {
    streamId: string;
    id: string;
    type: string;
    revision: bigint;
    data: unknown;
    metadata?: unknown;
    position?: Position;
  };
}

/** System streams and events (`$`-prefixed: `$settings`, `$stats-…`, links) are not Selaras's. */
export const isSystem = (streamId: string, type: string): boolean =>
  streamId.startsWith('$') || type.startsWith('$');

/**
 * A recorded event as the port's StoredEvent, or undefined for a system event or a link without its
 * target. Positions are on every read from KurrentDB 22.6 on; without one the event cannot be placed.
 */
export function toStoredEvent(resolved: ResolvedLike): StoredEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || isSystem(recorded.streamId, recorded.type)) return undefined;
  if (!recorded.position) {
    throw new Error(
      `KurrentDB returned ${recorded.streamId}@${recorded.revision} without a position (server < 22.6?)`,
    );
  }
  return {
    stream: recorded.streamId,
    revision: recorded.revision,
    position: encodePosition(recorded.position),
    id: recorded.id,
    type: recorded.type,
    data: recorded.data,
    meta: recorded.metadata === undefined ? null : recorded.metadata,
  };
}

/**
 * The client sends `data` through JSON.stringify and skips falsy metadata, so `undefined` data would
 * crash and a `null` meta would come back as nothing. Data becomes JSON-safe (as SQLite stores it);
 * meta is sent as the bytes of its JSON text, which the client passes through untouched and parses
 * back on reads.
 */
export function toEventData(event: {
  id: string;
  type: string;
  data: unknown;
  meta: unknown;
}): JSONEventData {
  // JSONType leaves out numbers, booleans and null, which JSON.stringify (all the client does) takes.
  const data = (JSON.stringify(event.data) === undefined ? null : event.data) as JSONType;
  const metadata = new Uint8Array(Buffer.from(JSON.stringify(event.meta) ?? 'null', 'utf8'));
  return { id: event.id, contentType: 'application/json', type: event.type, data, metadata };
}

/** Where an earlier append may have put some of an append's ids (found by scanning the stream). */
export type FoundIds = ReadonlyMap<string, { revision: bigint; position: bigint }>;

/**
 * The port's retry rule, as the SQLite adapter applies it: ids all found, consecutive and in order
 * in this stream are a retry (its original result); none found is a new append; anything else is a
 * DuplicateEventIdError.
 */
export function classifyRetry(
  stream: string,
  ids: readonly string[],
  found: FoundIds,
): AppendResult | undefined {
  const rows = ids.map((id) => found.get(id));
  if (rows.every((row) => row === undefined)) return undefined;
  const first = rows[0];
  const isRetry =
    first !== undefined &&
    rows.every((row, i) => row !== undefined && row.revision === first.revision + BigInt(i));
  const last = rows[rows.length - 1];
  if (!isRetry || !last) {
    throw new DuplicateEventIdError(
      stream,
      ids.filter((_, i) => rows[i] !== undefined),
    );
  }
  return { nextExpectedRevision: last.revision, position: last.position };
}

/**
 * Why a KurrentDB connection string cannot be used, or undefined. `throwOnAppendFailure=false` makes
 * the client answer a lost expected-revision race with `{success: false}` instead of an error; every
 * caller of the port relies on the error (it is how a second server's write is noticed), so the
 * setting is refused rather than silently honoured. Keys are case-insensitive, as in the client.
 */
export function refusedConnectionSetting(connectionString: string): string | undefined {
  const query = connectionString.slice(connectionString.indexOf('?') + 1);
  if (query === connectionString) return undefined;
  for (const pair of query.split('&')) {
    const [key = '', value = ''] = pair.split('=');
    if (key.trim().toLowerCase() === 'throwonappendfailure' && value.trim() !== 'true') {
      return 'throwOnAppendFailure must stay true (the default): Selaras needs a conflicting append to fail';
    }
  }
  return undefined;
}
