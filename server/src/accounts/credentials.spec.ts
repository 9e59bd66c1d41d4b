import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SimulatedKurrentDb } from '../event-store/kurrentdb.fake';
import { credentialsContract } from './credentials.contract';
import { CREDENTIALS_STREAM_PREFIX, KurrentDbCredentials } from './kurrentdb-credentials';
import { SqliteCredentials } from './sqlite-credentials';

credentialsContract('SQLite (two connections on one file)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'selaras-credentials-'));
  const file = path.join(dir, 'selaras.sqlite');
  const a = new SqliteCredentials(file);
  const b = new SqliteCredentials(file);
  return {
    a,
    b,
    cleanup: async () => {
      await Promise.all([a.close(), b.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

credentialsContract('KurrentDB over a simulated node (appends overtake each other)', async () => {
  const node = new SimulatedKurrentDb({ jitterMs: 3 });
  return {
    a: new KurrentDbCredentials(node),
    b: new KurrentDbCredentials(node),
    cleanup: () => node.dispose(),
  };
});

describe('credentials at rest', () => {
  it('SQLite overwrites a replaced hash in the file (secure_delete), it is not left in free space', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'selaras-credentials-'));
    const file = path.join(dir, 'selaras.sqlite');
    const credentials = new SqliteCredentials(file);
    await credentials.set('u-1', '$2a$11$the-first-hash-of-this-account', 1);
    await credentials.set('u-1', '$2a$11$the-second-hash', 2);
    await credentials.erase('u-1');
    await credentials.close(); // checkpoints the write-ahead log into the file
    const bytes = readFileSync(file);
    expect(bytes.includes('the-first-hash-of-this-account')).toBe(false);
    expect(bytes.includes('the-second-hash')).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('KurrentDB keeps one event per account stream readable ($maxCount = 1, set before the first hash)', async () => {
    const node = new SimulatedKurrentDb();
    const credentials = new KurrentDbCredentials(node);
    await credentials.set('u-1', 'first', 1);
    await credentials.set('u-1', 'second', 2);
    const read = [];
    for await (const resolved of node.readStream(`${CREDENTIALS_STREAM_PREFIX}u-1`, {
      fromRevision: 'start',
      direction: 'forwards',
    }))
      read.push(resolved.event?.data);
    expect(read).toEqual([{ userId: 'u-1', hash: 'second', revision: 2 }]);
    const metadataAt = node.log.findIndex((row) => row.streamId === `$$${CREDENTIALS_STREAM_PREFIX}u-1`);
    const firstHashAt = node.log.findIndex((row) => row.streamId === `${CREDENTIALS_STREAM_PREFIX}u-1`);
    expect(metadataAt).toBeGreaterThanOrEqual(0);
    expect(metadataAt).toBeLessThan(firstHashAt);
  });
});
