import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nowMs } from './harness';

const ROW = JSON.stringify({ type: 'ProgramCommented', data: { programId: 'p1', text: 'x'.repeat(400) } });

/** Durable single-row inserts (WAL, synchronous=FULL, one transaction per row) and 100-row batches. */
export function rawSqliteInserts(
  seconds = 3,
  maxRows = 20_000,
): { perSecond: number; batchedPerSecond: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-raw-sqlite-'));
  try {
    const db = new Database(path.join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    let rows = 0;
    let start = nowMs();
    while (nowMs() - start < seconds * 1000 && rows < maxRows) {
      insert.run(ROW);
      rows++;
    }
    const perSecond = rows / ((nowMs() - start) / 1000);
    const batch = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) insert.run(ROW);
    });
    rows = 0;
    start = nowMs();
    while (nowMs() - start < seconds * 1000 && rows < maxRows * 10) {
      batch(100);
      rows += 100;
    }
    const batchedPerSecond = rows / ((nowMs() - start) / 1000);
    db.close();
    return { perSecond, batchedPerSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
