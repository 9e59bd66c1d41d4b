import { ACCOUNTS_STREAM } from '@selaras/shared';
import type { Logger } from 'pino';
import { CATALOG_STREAM } from '../boards/catalog';
import { boardStream } from '../boards/recorded';
import type { EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import type { AccountsRepository } from './accounts-repository';

/**
 * Keeps `repo` following the accounts stream through a store subscription of its own, so that what
 * another server instance or the user CLI writes (a logout, a disabled account, a new password or
 * role, a revoked display link) reaches this instance's sessions and sockets as it is committed.
 *
 * The subscription starts at the newest event this process can name cheaply (the board heads), not at
 * the accounts stream's last event: catching up through every board event since then would cost
 * start-up time for nothing. Accounts events committed before that point are read by the load that
 * follows the subscribe; any gap the subscription finds later is filled by a load too.
 */
export async function followAccounts(
  store: EventStore,
  repo: AccountsRepository,
  logger: Logger,
): Promise<Subscription> {
  const after = await newestKnownPosition(store, repo);
  const onEvent = async (event: StoredEvent): Promise<void> => {
    if (event.stream !== ACCOUNTS_STREAM || repo.receive(event) !== 'gap') return;
    try {
      await repo.load();
    } catch (error) {
      logger.error({ err: error }, 'accounts stream could not be read; retried at its next event');
    }
  };
  const subscription = store.subscribeToAll(onEvent, {
    ...(after !== undefined && { after }),
    onError: (error) => logger.error({ err: error }, 'accounts subscription failed'),
  });
  await repo.load();
  return subscription;
}

async function newestKnownPosition(store: EventStore, repo: AccountsRepository): Promise<bigint | undefined> {
  let newest = repo.position;
  const consider = (event: StoredEvent | undefined) => {
    if (event && (newest === undefined || event.position > newest)) newest = event.position;
  };
  for (const entry of await store.readStream(CATALOG_STREAM)) {
    consider(entry);
    const { boardId } = entry.data as { boardId: string };
    consider((await store.readStream(boardStream(boardId), { direction: 'backwards', maxCount: 1 }))[0]);
  }
  return newest;
}
