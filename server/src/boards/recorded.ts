import type { RecordedEvent } from '@selaras/shared';
import type { EventToAppend, StoredEvent } from '../event-store/event-store.port';

export const boardStream = (boardId: string) => `board-${boardId}`;
export const BOARD_STREAM_PREFIX = 'board-';

export function toRecorded(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    revision: Number(event.revision),
    data: event.data,
    meta: event.meta,
  } as RecordedEvent;
}

/** An event as every answer shows it (the same key order as one read from the store). */
export function inStoredShape(event: RecordedEvent): RecordedEvent {
  const { id, type, revision, data, meta } = event;
  return { id, type, revision, data, meta } as RecordedEvent;
}

export function toAppend(event: RecordedEvent): EventToAppend {
  return { id: event.id, type: event.type, data: event.data, meta: event.meta };
}
