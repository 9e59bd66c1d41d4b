import { GENESIS_HASH, type RecordedEvent, initialBoardState } from '@selaras/shared';
import type { Logger } from 'pino';
import type { EventStore } from '../event-store/event-store.port';
import { BoardProjection } from './board-projection';
import { KeyIndex } from './key-index';
import { boardStream, toRecorded } from './recorded';
import type { BoardSnapshot, SnapshotStore } from './snapshot-store';

const PAGE = 5000;

/**
 * Loads a board's committed projection: its snapshot if the store still holds the event the snapshot
 * ends on (same revision, same hash), then the events after it; otherwise the whole stream. A store
 * restored to an older state, or holding another history, makes the snapshot worthless: it is ignored.
 *
 * An event the fold refuses (or a broken chain, or a hole) does not stop the server: the board is
 * loaded up to the revision before it and marked unhealthy; the other boards load as usual.
 */
export async function loadBoard(
  store: EventStore,
  snapshots: SnapshotStore,
  logger: Logger,
  boardId: string,
  upTo = Number.MAX_SAFE_INTEGER,
): Promise<{ projection: BoardProjection; snapshotRevision: number }> {
  const snapshot = await usableSnapshot(store, snapshots, logger, boardId, upTo);
  const projection = snapshot
    ? new BoardProjection(boardId, snapshot.state, snapshot.headHash, KeyIndex.from(snapshot.keys))
    : new BoardProjection(boardId, initialBoardState(boardId), GENESIS_HASH);
  projection.state.activeMeeting ??= null; // a board folded before meetings existed
  for (const [commandId, from, to] of snapshot?.commands ?? [])
    projection.rememberEvents(commandId, from, to);
  const stream = boardStream(boardId);
  for (;;) {
    const from = projection.revision + 1;
    if (from > upTo) break;
    const page = (
      await store.readStream(stream, {
        fromRevision: BigInt(from),
        maxCount: Math.min(PAGE, upTo - from + 1),
      })
    ).map(toRecorded);
    const stopped = applyAll(projection, page);
    if (stopped) {
      logger.error(
        { boardId, revision: stopped.revision, reason: projection.unhealthy?.reason },
        'board stops before an event this server cannot apply; it is marked unhealthy, the others run',
      );
      if (!projection.poisoned) return { projection, snapshotRevision: snapshot?.revision ?? -1 };
      const rebuilt = await loadBoard(store, snapshots, logger, boardId, stopped.revision - 1);
      rebuilt.projection.unhealthy = projection.unhealthy;
      return rebuilt;
    }
    if (page.length < PAGE) break;
  }
  return { projection, snapshotRevision: snapshot?.revision ?? -1 };
}

/** Applies events in order; returns the first one the board could not take. */
function applyAll(projection: BoardProjection, events: readonly RecordedEvent[]): RecordedEvent | undefined {
  for (const event of events) {
    const result = projection.apply(event);
    if (result === 'gap') {
      projection.unhealthy = {
        revision: projection.revision + 1,
        reason: `revision ${projection.revision + 1} is missing from the store`,
        since: new Date().toISOString(),
      };
      return event;
    }
    if (result === 'rejected') return event;
  }
  return undefined;
}

async function usableSnapshot(
  store: EventStore,
  snapshots: SnapshotStore,
  logger: Logger,
  boardId: string,
  upTo: number,
): Promise<BoardSnapshot | undefined> {
  const snapshot = await snapshots.read(boardId);
  if (!snapshot || snapshot.revision > upTo) return undefined;
  const [event] = await store.readStream(boardStream(boardId), {
    fromRevision: BigInt(snapshot.revision),
    maxCount: 1,
  });
  if (event && (event.meta as RecordedEvent['meta'] | undefined)?.hash === snapshot.headHash) return snapshot;
  logger.warn(
    { boardId, revision: snapshot.revision, stored: event ? 'another event' : 'nothing' },
    'snapshot does not match the store (restored to an older state, or another history); rebuilding',
  );
  return undefined;
}
