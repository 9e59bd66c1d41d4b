import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BoardEvent,
  type BoardState,
  type RecordedEvent,
  BANYUASIN_OPDS,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  GENESIS_HASH,
  commandDataSchemas,
  chainEvents,
  fold,
  initialBoardState,
  mulberry32,
  rankBetween,
  syntheticNomenclature,
} from '@selaras/shared';
import type { EventStore } from '../event-store/event-store.port';
import { registerBoard } from '../boards/catalog';
import { nodeSha256 } from '../boards/node-sha256';
import { boardStream, toAppend } from '../boards/recorded';

export interface SyntheticBoardOptions {
  boardId: string;
  /** Programs (sub-kegiatan cards) on the board. */
  programs: number;
  /** Total events in the stream (≥ programs + 1); the rest are revisions, moves and comments. */
  events: number;
  seed?: number;
  onProgress?: (written: number, total: number) => void;
}

const ACTOR: Actor = {
  id: 'u-generator',
  name: 'Generator data sintetis',
  role: 'sekretariat',
  opdId: 'bappeda',
};

/**
 * Writes a synthetic board (marked synthetic; fictitious codes from the synthetic nomenclature) with a
 * valid hash chain straight into a store, for benchmarks and load tests. Events are built directly
 * (deciding 100k commands one by one on a 5,000-program board takes minutes); the result is checked
 * by folding the whole stream with the one `fold`, which throws on any event the domain would not make.
 */
export async function generateSyntheticBoard(
  store: EventStore,
  options: SyntheticBoardOptions,
): Promise<BoardState> {
  const { boardId, programs, events: total } = options;
  const random = mulberry32(options.seed ?? 7);
  const nomenclature = syntheticNomenclature(programs);
  const codes = [...nomenclature.entries.keys()];
  const columns = DEFAULT_STAGES.map((s) => s.id);
  const lastRank = new Map<string, string | null>(columns.map((c) => [c, null]));
  const placeOf = new Map<string, { columnId: string; rank: string }>();
  const pagu2026 = new Map<string, number | null>();
  const start = new Date('2025-02-14T02:00:00.000Z').getTime();
  const all: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  let pending: RecordedEvent[] = [];
  await registerBoard(store, boardId);

  const emit = async (event: BoardEvent) => {
    const revision = all.length;
    const [recorded] = chainEvents(
      [event],
      { revision: revision - 1, hash: prevHash },
      { actor: ACTOR, at: new Date(start + revision * 1000).toISOString(), commandId: randomUUID() },
      randomUUID,
      nodeSha256,
    );
    prevHash = recorded!.meta.hash;
    all.push(recorded!);
    pending.push(recorded!);
    if (pending.length >= 5000) await flush();
  };
  const flush = async () => {
    if (pending.length === 0) return;
    await store.appendToStream(boardStream(boardId), pending.map(toAppend), {
      expectedRevision: BigInt(pending[0]!.revision - 1),
    });
    pending = [];
    options.onProgress?.(all.length, total);
  };
  const appendRank = (columnId: string) => {
    const rank = rankBetween(lastRank.get(columnId) ?? null, null);
    lastRank.set(columnId, rank);
    return rank;
  };

  const create = commandDataSchemas.CreateBoard.parse({
    boardId,
    title: `Papan sintetis: ${programs} program, ${total} peristiwa (data uji, bukan data nyata)`,
    description: 'Data sintetis untuk uji beban; kode dan nama sub-kegiatan fiktif.',
    synthetic: true,
    nomenclatureVersion: nomenclature.version,
    columns: [...DEFAULT_STAGES],
    opds: BANYUASIN_OPDS,
    referenceLists: BANYUASIN_REFERENCE_LISTS,
  });
  let columnRank: string | null = null;
  const columnRanks = create.columns.map((c) => ({
    ...c,
    rank: (columnRank = rankBetween(columnRank, null)),
  }));
  await emit({ type: 'BoardCreated', data: { ...create, columns: columnRanks } });
  for (let i = 0; i < programs; i++) {
    const columnId = columns[i % columns.length]!;
    const rank = appendRank(columnId);
    placeOf.set(`p${i}`, { columnId, rank });
    await emit({
      type: 'ProgramProposed',
      data: {
        programId: `p${i}`,
        columnId,
        rank,
        code: codes[i]!,
        title: `Sub-kegiatan sintetis ${i + 1}`,
        opdId: BANYUASIN_OPDS[i % BANYUASIN_OPDS.length]!.id,
        indicators: [],
        pagu: {},
        lokasi: [],
        sumberDana: null,
        notes: '',
      },
    });
  }
  while (all.length < total) {
    const programId = `p${Math.floor(random() * programs)}`;
    const pick = random();
    if (pick < 0.5) {
      const pagu = Math.floor(random() * 1e10);
      await emit({
        type: 'ProgramRevised',
        data: {
          programId,
          changes: { pagu: { '2026': pagu } },
          before: { pagu: { '2026': pagu2026.get(programId) ?? null } },
        },
      });
      pagu2026.set(programId, pagu);
    } else if (pick < 0.8) {
      const from = placeOf.get(programId)!;
      const toColumnId = columns[Math.floor(random() * columns.length)]!;
      const rank = appendRank(toColumnId);
      placeOf.set(programId, { columnId: toColumnId, rank });
      await emit({
        type: 'ProgramMoved',
        data: { programId, fromColumnId: from.columnId, toColumnId, rank, fromRank: from.rank },
      });
    } else {
      await emit({
        type: 'ProgramCommented',
        data: { programId, commentId: randomUUID(), text: `Komentar sintetis ${all.length}` },
      });
    }
  }
  await flush();
  return fold(initialBoardState(boardId), all);
}
