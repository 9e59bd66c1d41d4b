import type { VerifyResponse } from '@selaras/shared';
import { AccountsRepository } from '../accounts/accounts-repository';
import type { Credentials } from '../accounts/credentials.port';
import { withoutSecrets } from '../accounts/account-secrets';
import { CREDENTIALS_STREAM_PREFIX } from '../accounts/kurrentdb-credentials';
import { verifyBoard } from '../audit/verify';
import { CATALOG_STREAM } from '../boards/catalog';
import { BOARD_STREAM_PREFIX } from '../boards/recorded';
import type { EventStore } from '../event-store/event-store.port';
import type { BackupEvent, BackupSource } from './backup-file';

/** The target already holds events: a restore never mixes two histories. Nothing was written. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export interface RestoreReport {
  events: number;
  credentials: number;
  boards: Array<{ boardId: string; verdict: VerifyResponse; sameHeadAsBackup: boolean }>;
  accounts: number;
  displayLinks: number;
  /** Active accounts with no password in the restored credentials (erased, or set after a crash). */
  accountsWithoutPassword: string[];
  ok: boolean;
}

/**
 * Writes a backup into an empty store: every event with its id, type, data and metadata (so every hash
 * chain) in the order it was committed, each stream at the same revisions as in the backup, then the
 * credentials with the revisions they were set at. Then reads everything back from the target and
 * checks it: every board's hash chain recomputed and its head compared with the backup's, the
 * accounts folded, and a password present for every active account.
 */
export async function restoreBackup(
  source: BackupSource,
  target: EventStore,
  credentials: Credentials,
  onProgress: (events: number) => void = () => undefined,
): Promise<RestoreReport> {
  if ((await target.readAll({ maxCount: 1 })).length > 0)
    throw new RestoreRefusedError('the target store already holds events; restore only into an empty one');
  const heads = new Map<string, { revision: number; hash: string | undefined }>();
  let events = 0;
  for await (const page of source.events()) {
    const kept = page
      .filter((event) => !event.stream.startsWith(CREDENTIALS_STREAM_PREFIX))
      .map((event) => withoutSecrets(event));
    for (const run of runsByStream(kept)) {
      const first = run[0]!;
      await target.appendToStream(
        first.stream,
        run.map(({ id, type, data, meta }) => ({ id, type, data, meta })),
        { expectedRevision: first.revision === 0n ? 'no_stream' : first.revision - 1n },
      );
      const last = run[run.length - 1]!;
      heads.set(last.stream, {
        revision: Number(last.revision),
        hash: (last.meta as { hash?: string } | null)?.hash,
      });
    }
    events += kept.length;
    onProgress(events);
  }
  let restoredCredentials = 0;
  for await (const credential of source.credentials()) {
    await credentials.set(credential.userId, credential.hash, credential.revision);
    restoredCredentials += 1;
  }
  return { events, credentials: restoredCredentials, ...(await verifyRestored(target, credentials, heads)) };
}

/** Consecutive events of one stream, appended together (a page of a board's history is one append). */
function* runsByStream(events: BackupEvent[]): Iterable<BackupEvent[]> {
  let run: BackupEvent[] = [];
  for (const event of events) {
    if (run.length > 0 && run[0]!.stream !== event.stream) {
      yield run;
      run = [];
    }
    run.push(event);
  }
  if (run.length > 0) yield run;
}

async function verifyRestored(
  store: EventStore,
  credentials: Credentials,
  heads: ReadonlyMap<string, { revision: number; hash: string | undefined }>,
): Promise<Omit<RestoreReport, 'events' | 'credentials'>> {
  const boardIds = new Set(
    (await store.readStream(CATALOG_STREAM)).map((entry) => (entry.data as { boardId: string }).boardId),
  );
  const boards = [];
  for (const boardId of boardIds) {
    const verdict = await verifyBoard(store, boardId);
    const head = heads.get(BOARD_STREAM_PREFIX + boardId);
    const sameHeadAsBackup =
      verdict.ok &&
      (head ? verdict.revision === head.revision && verdict.headHash === head.hash : verdict.revision === -1);
    boards.push({ boardId, verdict, sameHeadAsBackup });
  }
  const accounts = new AccountsRepository(store);
  const state = await accounts.load();
  const accountsWithoutPassword: string[] = [];
  for (const account of Object.values(state.accounts))
    if (!account.disabled && !(await credentials.get(account.userId)))
      accountsWithoutPassword.push(account.username);
  return {
    boards,
    accounts: Object.keys(state.accounts).length,
    displayLinks: Object.keys(state.displayLinks).length,
    accountsWithoutPassword,
    ok: boards.every((board) => board.verdict.ok && board.sameHeadAsBackup),
  };
}
