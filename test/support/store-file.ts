import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type BoardEvent, type RecordedEvent, GENESIS_HASH, chainEvents } from '@selaras/shared';
import Database from 'better-sqlite3';

interface Row {
  id: string;
  type: string;
  revision: number;
  data: string;
  meta: string;
}

/**
 * A board's events as the SQLite file holds them, read straight from the file (read-only, beside the
 * running servers): what is really stored, whatever any server process has in memory.
 */
export function storedBoardEvents(dataDir: string, boardId: string): RecordedEvent[] {
  const db = new Database(path.join(dataDir, 'selaras.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT id, type, revision, data, meta FROM events WHERE stream = ? ORDER BY revision')
      .all(`board-${boardId}`) as Row[];
    return rows.map(
      (row) =>
        ({
          id: row.id,
          type: row.type,
          revision: Number(row.revision),
          data: JSON.parse(row.data) as unknown,
          meta: JSON.parse(row.meta) as unknown,
        }) as RecordedEvent,
    );
  } finally {
    db.close();
  }
}

/**
 * Appends one correctly chained event to a board straight into the file, as a foreign writer (another
 * server version, a repair tool) would: the store accepts it, whatever the fold thinks of it.
 */
export function appendForeignEvent(dataDir: string, boardId: string, event: BoardEvent): RecordedEvent {
  const [head] = storedBoardEvents(dataDir, boardId).slice(-1);
  const [recorded] = chainEvents(
    [event],
    { revision: head?.revision ?? -1, hash: head?.meta.hash ?? GENESIS_HASH },
    {
      actor: { id: 'u-alat', name: 'Alat Perbaikan', role: 'sekretariat', opdId: 'bappeda' },
      at: new Date().toISOString(),
      commandId: randomUUID(),
    },
    randomUUID,
  );
  const db = new Database(path.join(dataDir, 'selaras.sqlite'), { fileMustExist: true, timeout: 5000 });
  try {
    const { id, type, revision, data, meta } = recorded!;
    db.prepare('INSERT INTO events (id, stream, revision, type, data, meta) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      `board-${boardId}`,
      revision,
      type,
      JSON.stringify(data),
      JSON.stringify(meta),
    );
  } finally {
    db.close();
  }
  return recorded!;
}
