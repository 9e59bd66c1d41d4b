import { ACCOUNTS_STREAM, type ChainVerdict, GENESIS_HASH, verifyChain } from '@selaras/shared';
import { withoutSecrets } from '../accounts/account-secrets';
import { AccountsRepository } from '../accounts/accounts-repository';
import type { Credentials } from '../accounts/credentials.port';
import { CATALOG_STREAM } from '../boards/catalog';
import { nodeSha256 } from '../boards/node-sha256';
import { boardStream, toRecorded } from '../boards/recorded';
import type { EventStore, EventToAppend, StoredEvent } from '../event-store/event-store.port';

export type MigrationProgress =
  | { kind: 'board'; boardId: string; index: number; total: number; targetHead: number; sourceHead: number }
  | { kind: 'copied'; boardId: string; copied: number; sourceHead: number }
  | { kind: 'verified'; boardId: string; verdict: ChainVerdict }
  | { kind: 'accounts'; copied: number; sourceHead: number; credentialsCopied: number };

export interface BoardMigration {
  boardId: string;
  /** Events copied by this run (0 when the target already had them all). */
  copied: number;
  /** The source's last revision when the board was copied (-1: no events). */
  sourceHead: number;
  /** The hash chain recomputed on the target, and whether its head is the source's. */
  verdict: ChainVerdict;
  sameHeadAsSource: boolean;
}

export interface MigrationReport {
  boards: BoardMigration[];
  catalogCopied: number;
  /** Board events copied by this run. */
  copied: number;
  /** The accounts stream (accounts, roles, display links, ended sessions) and the password hashes. */
  accounts: { copied: number; sourceHead: number; sameHeadAsSource: boolean; credentialsCopied: number };
  ok: boolean;
}

/** The target holds something for a stream that is not the source's history: nothing is overwritten. */
export class MigrationConflictError extends Error {
  override name = 'MigrationConflictError';
}

const PAGE = 500;

/**
 * Copies every board listed in the source's catalog to the target: the catalog entry first (as the
 * server writes it), then the board's stream with ids, types, data and meta (so the hash chain) as they
 * are. It resumes from the target's head, so a second run copies only what is new, and finally
 * recomputes each board's chain on the target. Boards already in the target's catalog stay listed.
 * Then the accounts stream the same way, and, given both credentials stores, every account's password
 * hash (with the revision it was set at, so a newer hash already in the target is kept).
 */
export async function migrate(
  source: EventStore,
  target: EventStore,
  options: {
    pageSize?: number;
    onProgress?: (progress: MigrationProgress) => void;
    credentials?: { source: Credentials; target: Credentials };
  } = {},
): Promise<MigrationReport> {
  const pageSize = options.pageSize ?? PAGE;
  const report = (progress: MigrationProgress) => options.onProgress?.(progress);
  const catalog = await source.readStream(CATALOG_STREAM);
  const listed = new Set((await target.readStream(CATALOG_STREAM)).map((entry) => entry.id));
  const entries = new Map<string, StoredEvent>();
  for (const entry of catalog) {
    const { boardId } = entry.data as { boardId: string };
    if (!entries.has(boardId)) entries.set(boardId, entry);
  }
  const boards: BoardMigration[] = [];
  let catalogCopied = 0;
  for (const [index, [boardId, entry]] of [...entries].entries()) {
    if (!listed.has(entry.id)) {
      // Catalog ids derive from the board id, so this append is idempotent even if it is repeated.
      await target.appendToStream(CATALOG_STREAM, [toAppend(entry)]);
      catalogCopied += 1;
    }
    const stream = boardStream(boardId);
    const [sourceLast] = await source.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const sourceHead = Number(sourceLast?.revision ?? -1n);
    const targetHead = await headOf(target, stream);
    report({
      kind: 'board',
      boardId,
      index,
      total: entries.size,
      targetHead: Number(targetHead),
      sourceHead,
    });
    const copied = await copyStream(source, target, stream, targetHead, pageSize, (n) =>
      report({ kind: 'copied', boardId, copied: n, sourceHead }),
    );
    const verdict = await verifyStream(target, stream, pageSize * 10);
    report({ kind: 'verified', boardId, verdict });
    const sameHeadAsSource =
      verdict.ok &&
      verdict.headRevision === sourceHead &&
      verdict.headHash === ((sourceLast?.meta as { hash?: string } | undefined)?.hash ?? GENESIS_HASH);
    boards.push({ boardId, copied, sourceHead, verdict, sameHeadAsSource });
  }
  const copied = boards.reduce((sum, board) => sum + board.copied, 0);
  const accounts = await migrateAccounts(source, target, pageSize, options.credentials);
  report({ kind: 'accounts', ...accounts });
  return {
    boards,
    catalogCopied,
    copied,
    accounts,
    ok: boards.every((b) => b.verdict.ok && b.sameHeadAsSource) && accounts.sameHeadAsSource,
  };
}

/** The accounts stream, resumable like a board's, then each account's hash where the target's is older. */
async function migrateAccounts(
  source: EventStore,
  target: EventStore,
  pageSize: number,
  credentials: { source: Credentials; target: Credentials } | undefined,
): Promise<MigrationReport['accounts']> {
  const copied = await copyStream(
    source,
    target,
    ACCOUNTS_STREAM,
    await headOf(target, ACCOUNTS_STREAM),
    pageSize,
    () => undefined,
  );
  const [sourceHead, targetHead] = await Promise.all([
    headOf(source, ACCOUNTS_STREAM),
    headOf(target, ACCOUNTS_STREAM),
  ]);
  let credentialsCopied = 0;
  if (credentials) {
    const state = await new AccountsRepository(source).load();
    for (const userId of Object.keys(state.accounts)) {
      const credential = await credentials.source.get(userId);
      if (credential && (await credentials.target.set(userId, credential.hash, credential.revision)))
        credentialsCopied += 1;
    }
  }
  return {
    copied,
    sourceHead: Number(sourceHead),
    sameHeadAsSource: sourceHead === targetHead,
    credentialsCopied,
  };
}

/** As stored, except a plain-text password an earlier version left in an account event. */
const toAppend = (stored: StoredEvent): EventToAppend => {
  const event = withoutSecrets(stored);
  return { id: event.id, type: event.type, data: event.data, meta: event.meta };
};

async function headOf(store: EventStore, stream: string): Promise<bigint> {
  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last?.revision ?? -1n;
}

/** Appends the source's events after `from` (the target's head), page by page. Returns how many. */
async function copyStream(
  source: EventStore,
  target: EventStore,
  stream: string,
  from: bigint,
  pageSize: number,
  onPage: (copied: number) => void,
): Promise<number> {
  if (from >= 0n) {
    const [theirs] = await source.readStream(stream, { fromRevision: from, maxCount: 1 });
    const [ours] = await target.readStream(stream, { fromRevision: from, maxCount: 1 });
    if (!theirs || theirs.id !== ours?.id) {
      throw new MigrationConflictError(
        `${stream} already has revision ${from} in the target, and it is not the source's ` +
          `(${theirs ? `the source has event ${theirs.id} there` : 'the source is shorter'}); nothing was overwritten`,
      );
    }
  }
  let head = from;
  let copied = 0;
  for (;;) {
    const page = await source.readStream(stream, { fromRevision: head + 1n, maxCount: pageSize });
    if (page.length === 0) return copied;
    const result = await target.appendToStream(stream, page.map(toAppend), { expectedRevision: head });
    head = result.nextExpectedRevision;
    copied += page.length;
    onPage(copied);
  }
}

/** Recomputes the stream's hash chain page by page (a board can be 100,000 events). */
async function verifyStream(store: EventStore, stream: string, pageSize: number): Promise<ChainVerdict> {
  let start = { revision: -1, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const page = await store.readStream(stream, {
      fromRevision: BigInt(start.revision + 1),
      maxCount: pageSize,
    });
    if (page.length === 0) return { ok: true, count, headHash: start.hash, headRevision: start.revision };
    let reached = start.revision + 1;
    const events = function* () {
      for (const event of page) {
        reached = Number(event.revision);
        yield toRecorded(event);
      }
    };
    let verdict: ChainVerdict;
    try {
      verdict = verifyChain(events(), nodeSha256, start);
    } catch (error) {
      // An event whose meta is not even an object (hand-edited storage) breaks the chain too.
      return {
        ok: false,
        revision: reached,
        reason: `not a readable board event (${(error as Error).message})`,
      };
    }
    if (!verdict.ok) return verdict;
    count += verdict.count;
    start = { revision: verdict.headRevision, hash: verdict.headHash };
  }
}
