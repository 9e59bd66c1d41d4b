import type { StoreSpec } from '../event-store/store-factory';
import type { Credentials } from './credentials.port';
import type { CredentialsClient } from './kurrentdb-credentials';
import { SqliteCredentials } from './sqlite-credentials';

/**
 * The credentials beside the given event store: the same SQLite file, or the same KurrentDB (its own
 * client connection; the client is loaded only here and in the store factory, never in embedded mode).
 */
export async function openCredentials(spec: StoreSpec): Promise<Credentials> {
  if (spec.kind === 'sqlite') return new SqliteCredentials(spec.filename);
  const [{ KurrentDBClient }, { KurrentDbCredentials }] = await Promise.all([
    import('@kurrent/kurrentdb-client'),
    import('./kurrentdb-credentials'),
  ]);
  const client: CredentialsClient = KurrentDBClient.connectionString(spec.connectionString);
  return new KurrentDbCredentials(client);
}
