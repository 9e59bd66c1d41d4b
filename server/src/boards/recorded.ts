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

export function toAppend(event: RecordedEvent): EventToAppend {
  return { id: event.id, type: event.type, data: event.data, meta: event.meta };
}
