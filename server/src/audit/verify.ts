import { type ChainVerdict, type VerifyResponse, verifyChain, GENESIS_HASH } from '@selaras/shared';
import { nodeSha256 } from '../boards/node-sha256';
import { boardStream, toRecorded } from '../boards/recorded';
import type { EventStore } from '../event-store/event-store.port';

const PAGE = 2000;

/**
 * Recomputes a board's hash chain from what the store holds now (never from memory), page by page,
 * yielding between pages so a long board does not stall the server. `known` is what this server has
 * committed: a store that is shorter, or whose hash at that revision differs, was cut or rewritten
 * even if the chain it holds is consistent in itself.
 */
export async function verifyBoard(
  store: EventStore,
  boardId: string,
  known?: { revision: number; hash: string },
): Promise<VerifyResponse> {
  let start = { revision: -1, hash: GENESIS_HASH };
  let events = 0;
  let hashAtKnown: string | undefined;
  for (;;) {
    const page = (
      await store.readStream(boardStream(boardId), {
        fromRevision: BigInt(start.revision + 1),
        maxCount: PAGE,
      })
    ).map(toRecorded);
    if (page.length === 0) break;
    const verdict = verifyChain(page, nodeSha256, start);
    if (!verdict.ok) return broken(verdict, page[page.length - 1]!.revision);
    events += verdict.count;
    start = { revision: verdict.headRevision, hash: verdict.headHash };
    if (known) hashAtKnown ??= page.find((e) => e.revision === known.revision)?.meta.hash;
    if (page.length < PAGE) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (known && start.revision < known.revision) {
    return {
      ok: false,
      revision: start.revision,
      brokenAt: start.revision + 1,
      reason: `Peristiwa setelah revisi ${start.revision} hilang dari penyimpanan (server ini telah mencatat sampai revisi ${known.revision}).`,
      reasonEn: `Events after revision ${start.revision} are missing from the store (this server recorded up to revision ${known.revision}).`,
    };
  }
  if (known && hashAtKnown !== undefined && hashAtKnown !== known.hash) {
    return {
      ok: false,
      revision: start.revision,
      brokenAt: known.revision,
      reason: `Rantai hash ditulis ulang: hash revisi ${known.revision} di penyimpanan berbeda dari yang dicatat server ini.`,
      reasonEn: `The hash chain was rewritten: the hash of revision ${known.revision} in the store differs from the one this server recorded.`,
      expected: known.hash,
      actual: hashAtKnown,
    };
  }
  return { ok: true, revision: start.revision, headHash: start.hash, events };
}

/** The verdict in both languages. */
export function broken(verdict: Extract<ChainVerdict, { ok: false }>, revision: number): VerifyResponse {
  const at = verdict.revision;
  const words: Record<NonNullable<typeof verdict.code>, [string, string]> = {
    missing: [
      `Peristiwa revisi ${at} hilang (dihapus).`,
      `The event at revision ${at} is missing (deleted).`,
    ],
    'out-of-order': [
      `Urutan peristiwa rusak di revisi ${at} (tertukar atau berulang).`,
      `The order of events breaks at revision ${at} (swapped or duplicated).`,
    ],
    'prev-hash': [
      `prevHash revisi ${at} tidak cocok dengan hash peristiwa sebelumnya: peristiwa ini atau sebelumnya diubah, dihapus atau ditukar.`,
      `The prevHash of revision ${at} does not match the previous event's hash: this event or the one before was changed, removed or swapped.`,
    ],
    hash: [
      `Hash revisi ${at} tidak cocok dengan isinya: peristiwa itu diubah.`,
      `The hash of revision ${at} does not match its content: the event was altered.`,
    ],
  };
  const [reason, reasonEn] = words[verdict.code ?? 'hash'];
  return {
    ok: false,
    revision,
    brokenAt: at,
    reason,
    reasonEn: verdict.code ? reasonEn : `${reasonEn} (${verdict.reason})`,
    ...(verdict.expected ? { expected: verdict.expected } : {}),
    ...(verdict.actual ? { actual: verdict.actual } : {}),
  };
}
