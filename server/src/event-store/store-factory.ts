import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EventStore } from './event-store.port';
import type { KurrentClient, KurrentDbEventStoreOptions } from './kurrentdb-event-store';
import { refusedConnectionSetting } from './kurrentdb-mapping';
import { SqliteEventStore } from './sqlite-event-store';

export type StoreSpec =
  { kind: 'sqlite'; filename: string } | { kind: 'kurrentdb'; connectionString: string };

const KURRENTDB_SCHEME = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//;

/**
 * Reads a store named on a command line: `sqlite:<data dir or .sqlite file>`, `kurrentdb:<connection
 * string>`, or a bare KurrentDB connection string. A directory means its `selaras.sqlite`.
 */
export function parseStoreSpec(text: string): StoreSpec {
  if (KURRENTDB_SCHEME.test(text)) return { kind: 'kurrentdb', connectionString: text };
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const rest = colon > 0 ? text.slice(colon + 1) : '';
  if (kind === 'kurrentdb' && KURRENTDB_SCHEME.test(rest)) return { kind, connectionString: rest };
  if (kind === 'sqlite' && rest !== '') return { kind, filename: sqliteFileOf(rest) };
  throw new Error(
    `Unknown store "${text}": use sqlite:<data dir or file> or kurrentdb:kurrentdb://host:2113?tls=false`,
  );
}

function sqliteFileOf(location: string): string {
  const resolved = path.resolve(location);
  if (/\.(sqlite|sqlite3|db)$/.test(resolved)) return resolved;
  if (existsSync(resolved) && statSync(resolved).isFile()) return resolved;
  return path.join(resolved, 'selaras.sqlite');
}

/** Never print a connection string as given: it may carry a password. */
export function describeStore(spec: StoreSpec): string {
  if (spec.kind === 'sqlite') return `sqlite:${spec.filename}`;
  return `kurrentdb:${spec.connectionString.replace(/\/\/[^@/]*@/, '//***@')}`;
}

/**
 * Opens the store behind the port. The KurrentDB client (and its native addon) is loaded here and
 * only here, on first use, so the embedded SQLite mode never loads it.
 */
export async function openEventStore(
  spec: StoreSpec,
  options: KurrentDbEventStoreOptions = {},
): Promise<EventStore> {
  if (spec.kind === 'sqlite') {
    mkdirSync(path.dirname(spec.filename), { recursive: true });
    return new SqliteEventStore({ filename: spec.filename });
  }
  const refused = refusedConnectionSetting(spec.connectionString);
  if (refused) throw new Error(`${describeStore(spec)}: ${refused}`);
  const [{ KurrentDBClient }, { KurrentDbEventStore }] = await Promise.all([
    import('@kurrent/kurrentdb-client'),
    import('./kurrentdb-event-store'),
  ]);
  const client: KurrentClient = KurrentDBClient.connectionString(spec.connectionString);
  return new KurrentDbEventStore(client, options);
}
