import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { AccountEvent } from '@selaras/shared';
import { SYSTEM_ACTOR } from './account-decisions';
import type { AccountsRepository } from './accounts-repository';
import { IMPORTED_REVISION, type Credentials } from './credentials.port';

/**
 * Files of earlier versions, moved into the shared store on the first start of this one and then
 * removed, so no instance keeps reading a file the others do not see:
 * - `credentials.json` (password hashes by user id) goes into the credentials store. A hash only lands
 *   where the account has none, so several instances importing at once write each hash once.
 * - `revoked-sessions.json` (logged-out session ids) becomes `SessionEnded` events. One instance claims
 *   the file by renaming it; the others find it gone.
 * Returns what was imported, for the start-up log.
 */
export async function importLegacyFiles(
  dataDir: string,
  repo: AccountsRepository,
  credentials: Credentials,
): Promise<{ credentials: number; sessions: number }> {
  return {
    credentials: await importCredentialsFile(dataDir, credentials),
    sessions: await importRevokedSessions(dataDir, repo),
  };
}

async function importCredentialsFile(dataDir: string, credentials: Credentials): Promise<number> {
  const file = path.join(dataDir, 'credentials.json');
  const hashes = readJson<Record<string, string>>(file);
  if (!hashes) return 0;
  let imported = 0;
  for (const [userId, hash] of Object.entries(hashes)) {
    if (typeof hash !== 'string') continue;
    await credentials.set(userId, hash, IMPORTED_REVISION);
    if ((await credentials.get(userId))?.hash === hash) imported += 1;
  }
  removeIfPresent(file);
  return imported;
}

async function importRevokedSessions(dataDir: string, repo: AccountsRepository): Promise<number> {
  const file = path.join(dataDir, 'revoked-sessions.json');
  const claimed = `${file}.importing-${process.pid}`;
  try {
    renameSync(file, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const ended = readJson<Record<string, number>>(claimed) ?? {};
  const now = Date.now();
  const events: AccountEvent[] = Object.entries(ended)
    .filter(([, until]) => typeof until === 'number' && until > now)
    .map(([sessionId, until]) => ({
      type: 'SessionEnded',
      data: { userId: '', sessionId, until: new Date(until).toISOString() },
    }));
  if (events.length > 0) await repo.append(SYSTEM_ACTOR, () => events);
  removeIfPresent(claimed);
  return events.length;
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    // Another instance removed it between the check and the read: it has imported it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
