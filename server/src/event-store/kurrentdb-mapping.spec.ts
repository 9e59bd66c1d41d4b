import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import { USER_EVENTS } from './kurrentdb-event-store';
import { DuplicateEventIdError, WrongExpectedRevisionError } from './event-store.port';
import {
  classifyRetry,
  decodePosition,
  encodePosition,
  formatPosition,
  isStreamNotFound,
  isWrongExpectedVersion,
  satisfies,
  toEventData,
  toStoredEvent,
  toStreamState,
  toWrongExpectedRevision,
} from './kurrentdb-mapping';

/** The client's real error classes are built here (no server needed) to check the mapping reads them. */
const wrongVersion = (
  expected: 'any' | 'no_stream' | 'stream_exists' | bigint,
  current: 'no_stream' | bigint,
) => new WrongExpectedVersionError(undefined, { streamName: 'board-1', expected, current });

describe("the client's vocabulary, written out in the adapter so it need not load the client", () => {
  it('matches the constants and the system-event filter', () => {
    expect([ANY, NO_STREAM, STREAM_EXISTS, START, END, FORWARDS, BACKWARDS]).toEqual([
      'any',
      'no_stream',
      'stream_exists',
      'start',
      'end',
      'forwards',
      'backwards',
    ]);
    expect(excludeSystemEvents()).toMatchObject({ filterOn: USER_EVENTS.filterOn, regex: USER_EVENTS.regex });
  });
});

describe('expected revision ↔ streamState', () => {
  it("maps -1n to NO_STREAM and passes the rest through (the client's constants are these strings)", () => {
    expect(toStreamState(-1n)).toBe('no_stream');
    expect(toStreamState(0n)).toBe(0n);
    expect(toStreamState(41n)).toBe(41n);
    expect(['any', 'no_stream', 'stream_exists'].map((s) => toStreamState(s as 'any'))).toEqual([
      'any',
      'no_stream',
      'stream_exists',
    ]);
    expect(() => toStreamState(-2n)).toThrow(RangeError);
  });

  it('checks an expectation against a head revision as the server does', () => {
    expect(satisfies('any', -1n)).toBe(true);
    expect(satisfies('no_stream', -1n)).toBe(true);
    expect(satisfies('no_stream', 0n)).toBe(false);
    expect(satisfies('stream_exists', -1n)).toBe(false);
    expect(satisfies('stream_exists', 3n)).toBe(true);
    expect(satisfies(3n, 3n)).toBe(true);
    expect(satisfies(2n, 3n)).toBe(false);
    expect(satisfies(-1n, -1n)).toBe(true);
  });
});

describe('error mapping', () => {
  it("recognises the client's WrongExpectedVersionError and maps its actual state", () => {
    const onExisting = wrongVersion(1n, 4n);
    expect(isWrongExpectedVersion(onExisting)).toBe(true);
    expect(toWrongExpectedRevision(onExisting, 'board-1', 1n)).toEqual(
      new WrongExpectedRevisionError('board-1', 1n, 4n),
    );
    const onMissing = wrongVersion('stream_exists', 'no_stream');
    const mapped = toWrongExpectedRevision(onMissing, 'board-1', 'stream_exists');
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ stream: 'board-1', expected: 'stream_exists', actual: -1n });
    // A deleted (-5n) or tombstoned (-6n) stream has no events.
    expect(toWrongExpectedRevision(wrongVersion(0n, -6n), 'board-1', 0n).actual).toBe(-1n);
  });

  it('tells a missing stream from other failures', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'board-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isWrongExpectedVersion(new UnavailableError())).toBe(false);
    expect(isWrongExpectedVersion(new Error('wrong-expected-version'))).toBe(false);
    expect(isStreamNotFound(undefined)).toBe(false);
  });
});

describe('positions', () => {
  it('encodes (commit, prepare) into one bigint that sorts the same way, and back', () => {
    const positions = [
      { commit: 0n, prepare: 0n },
      { commit: 0n, prepare: 7n },
      { commit: 1n, prepare: 0n },
      { commit: 1234n, prepare: 1180n },
      { commit: 1234n, prepare: 1290n },
      { commit: 2n ** 63n - 1n, prepare: 2n ** 64n - 1n },
    ];
    const encoded = positions.map(encodePosition);
    expect([...encoded].sort((a, b) => (a < b ? -1 : 1))).toEqual(encoded);
    expect(encoded.every((p) => p >= 1n)).toBe(true);
    expect(encoded.map(decodePosition)).toEqual(positions);
    expect(() => decodePosition(0n)).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: 2n ** 64n })).toThrow(RangeError);
  });

  it('formats a position for JSON logs, where a bigint would throw', () => {
    const position = encodePosition({ commit: 2n ** 40n, prepare: 2n ** 40n + 5n });
    expect(() => JSON.stringify({ position })).toThrow();
    const line = JSON.stringify({ position: formatPosition(position) });
    expect(BigInt((JSON.parse(line) as { position: string }).position)).toBe(position);
    expect(formatPosition(undefined)).toBeUndefined();
  });
});

describe('events', () => {
  const recorded = (streamId: string, type: string) => ({
    event: {
      streamId,
      id: 'a5b6',
      type,
      revision: 3n,
      data: { x: 1 },
      metadata: { hash: 'h' },
      position: { commit: 10n, prepare: 9n },
    },
  });

  it('turns a resolved event into a StoredEvent and leaves system events and dangling links out', () => {
    expect(toStoredEvent(recorded('board-1', 'ProgramMoved'))).toEqual({
      stream: 'board-1',
      revision: 3n,
      position: encodePosition({ commit: 10n, prepare: 9n }),
      id: 'a5b6',
      type: 'ProgramMoved',
      data: { x: 1 },
      meta: { hash: 'h' },
    });
    expect(toStoredEvent(recorded('$stats-0.0.0.0:2113', 'StatsCollected'))).toBeUndefined();
    expect(toStoredEvent(recorded('board-1', '$>'))).toBeUndefined();
    expect(toStoredEvent({})).toBeUndefined();
    const { position: _position, ...withoutPosition } = recorded('board-1', 'X').event;
    expect(() => toStoredEvent({ event: withoutPosition })).toThrow('without a position');
  });

  it("writes JSON events the client accepts, whose meta survives the client's falsy-metadata skip", () => {
    const data = toEventData({ id: 'i', type: 'T', data: undefined, meta: null });
    expect(data).toEqual({
      ...jsonEvent({ id: 'i', type: 'T', data: null as never }),
      metadata: expect.any(Uint8Array),
    });
    expect(Buffer.from(data.metadata as Uint8Array).toString()).toBe('null');
    expect(toEventData({ id: 'i', type: 'T', data: 'text', meta: { a: [1] } })).toMatchObject({
      data: 'text',
    });
  });
});

describe('classifyRetry', () => {
  const found = new Map([
    ['a', { revision: 4n, position: 40n }],
    ['b', { revision: 5n, position: 50n }],
  ]);

  it('is a retry when all ids are stored consecutively and in order', () => {
    expect(classifyRetry('s', ['a', 'b'], found)).toEqual({ nextExpectedRevision: 5n, position: 50n });
    expect(classifyRetry('s', ['c'], found)).toBeUndefined();
  });

  it('refuses partial or reordered reuse of ids', () => {
    expect(() => classifyRetry('s', ['a', 'b', 'c'], found)).toThrow(DuplicateEventIdError);
    expect(() => classifyRetry('s', ['b', 'a'], found)).toThrow(DuplicateEventIdError);
    try {
      classifyRetry('s', ['c', 'b'], found);
    } catch (error) {
      expect(error).toMatchObject({ stream: 's', ids: ['b'] });
    }
  });
});
