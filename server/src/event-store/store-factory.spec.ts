import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SqliteEventStore } from './sqlite-event-store';
import { describeStore, openEventStore, parseStoreSpec } from './store-factory';

/** Records when the KurrentDB client module is loaded; it hands out a simulated node. */
const mockLoaded: string[] = [];
jest.mock('@kurrent/kurrentdb-client', () => {
  mockLoaded.push('@kurrent/kurrentdb-client');
  const { SimulatedKurrentDb } = jest.requireActual<typeof import('./kurrentdb.fake')>('./kurrentdb.fake');
  return { KurrentDBClient: { connectionString: () => new SimulatedKurrentDb() } };
});

describe('parseStoreSpec', () => {
  it('reads sqlite data directories and files, and KurrentDB connection strings', () => {
    expect(parseStoreSpec('sqlite:./data')).toEqual({
      kind: 'sqlite',
      filename: path.resolve('data', 'selaras.sqlite'),
    });
    expect(parseStoreSpec('sqlite:/srv/selaras/old.sqlite')).toEqual({
      kind: 'sqlite',
      filename: '/srv/selaras/old.sqlite',
    });
    expect(parseStoreSpec('kurrentdb:kurrentdb://localhost:2113?tls=false')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://localhost:2113?tls=false',
    });
    expect(parseStoreSpec('kurrentdb+discover://a:1,b:2')).toMatchObject({ kind: 'kurrentdb' });
    for (const bad of ['./data', 'sqlite:', 'postgres://x', 'kurrentdb:localhost:2113']) {
      expect(() => parseStoreSpec(bad)).toThrow('Unknown store');
    }
  });

  it('never shows a password from a connection string', () => {
    const spec = parseStoreSpec('kurrentdb://admin:s3cret@n1:2113,n2:2113?tls=true');
    expect(describeStore(spec)).toBe('kurrentdb:kurrentdb://***@n1:2113,n2:2113?tls=true');
  });
});

describe('openEventStore', () => {
  it('opens SQLite without loading the KurrentDB client, and KurrentDB only when asked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'selaras-factory-'));
    try {
      const sqlite = await openEventStore({
        kind: 'sqlite',
        filename: path.join(dir, 'new', 'selaras.sqlite'),
      });
      expect(sqlite).toBeInstanceOf(SqliteEventStore);
      await sqlite.close();
      expect(mockLoaded).toEqual([]);
      const kurrent = await openEventStore({ kind: 'kurrentdb', connectionString: 'kurrentdb://x:2113' });
      expect(kurrent).toBeInstanceOf(KurrentDbEventStore);
      expect(mockLoaded).toEqual(['@kurrent/kurrentdb-client']);
      await kurrent.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a KurrentDB connection that would answer a lost append with success: false', async () => {
    for (const connectionString of [
      'kurrentdb://x:2113?tls=false&throwOnAppendFailure=false',
      'kurrentdb://x:2113?ThrowOnAppendFailure=false&tls=false',
    ]) {
      await expect(openEventStore({ kind: 'kurrentdb', connectionString })).rejects.toThrow(
        /throwOnAppendFailure/,
      );
    }
    const kept = await openEventStore({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://x:2113?throwOnAppendFailure=true',
    });
    await kept.close();
  });
});
