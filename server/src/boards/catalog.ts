import { createHash } from 'node:crypto';
import type { EventStore } from '../event-store/event-store.port';

/** Lists the boards: one `BoardRegistered` per board, written before the board's first event. */
export const CATALOG_STREAM = 'selaras-boards';

/** Idempotent: the event id derives from the board id, so registering twice appends nothing. */
export async function registerBoard(store: EventStore, boardId: string): Promise<void> {
  await store.appendToStream(CATALOG_STREAM, [
    { id: deterministicUuid(`catalog:${boardId}`), type: 'BoardRegistered', data: { boardId }, meta: {} },
  ]);
}

/** A stable UUID-shaped id derived from a name. */
export function deterministicUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
