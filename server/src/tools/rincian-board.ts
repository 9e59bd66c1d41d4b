import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  type Actor,
  type BoardEvent,
  type BoardState,
  type Nomenclature,
  type Opd,
  type RecordedEvent,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  GENESIS_HASH,
  NOMENCLATURE_FULL_VERSION,
  PLAN_YEARS,
  chainEvents,
  compareCodes,
  fold,
  initialBoardState,
  mulberry32,
  nomenclatureByVersion,
  nomenclatureChildren,
  parentCode,
  rankBetween,
} from '@selaras/shared';
import { registerBoard } from '../boards/catalog';
import { nodeSha256 } from '../boards/node-sha256';
import { boardStream, toAppend } from '../boards/recorded';
import type { EventStore } from '../event-store/event-store.port';
import { SHIPPED_NOMENCLATURE_DIR, loadNomenclatures } from '../nomenclature/nomenclature-files';

export interface RincianBoardOptions {
  boardId: string;
  /** Synthetic OPDs on the board (issue 11's large board: 50). */
  opds?: number;
  /** Technical programs per OPD, besides its bidang's support program (4: ~5 programs per OPD). */
  programsPerOpd?: number;
  /** At most this many sub-kegiatan per program (45 gives ≈ 5,000 on 50 OPDs). */
  subPerProgram?: number;
  /** Total events (≥ what the tree needs); the rest are pagu revisions, moves and comments. */
  events?: number;
  seed?: number;
}

export interface RincianBoard {
  state: BoardState;
  /** Every sub-kegiatan on the board, for commands a benchmark sends. */
  subs: Array<{ programId: string; code: string }>;
  events: number;
}

const ACTOR: Actor = {
  id: 'u-generator',
  name: 'Generator data sintetis',
  role: 'sekretariat',
  opdId: 'bappeda',
};

/**
 * A large board built from the REAL nomenclature (issue 11), marked synthetic: `opds` synthetic OPDs,
 * each with the support program of a bidang and `programsPerOpd` technical programs (taken in
 * nomenclature order across all bidang), each program with its kab/kota kegiatan (fourth segment 2) and
 * up to `subPerProgram` sub-kegiatan with the decree's indicator. Codes and names are the decree's; the
 * OPDs, pagu and targets are generated (fictitious, and the board says so). Events are chained and
 * written straight into the store, then checked by folding the whole stream.
 */
export async function generateRincianBoard(
  store: EventStore,
  options: RincianBoardOptions,
): Promise<RincianBoard> {
  const { boardId, opds: opdCount = 50, programsPerOpd = 4, subPerProgram = 45, seed = 11 } = options;
  const nomenclature = fullList();
  const random = mulberry32(seed);
  const rupiah = () => Math.round(50 + random() * 4950) * 1_000_000;
  const generalKegiatan = (program: string) =>
    nomenclatureChildren(nomenclature, program).filter((k) => k.split('.')[3] === '2');
  const subsOf = (program: string) =>
    generalKegiatan(program).flatMap((k) => [...nomenclatureChildren(nomenclature, k)]);
  const bidang = [...nomenclature.entries.values()]
    .filter((e) => e.level === 'bidang')
    .map((e) => e.code)
    .sort(compareCodes);
  const technical = bidang.flatMap((b) =>
    nomenclatureChildren(nomenclature, b).filter(
      (p) => !nomenclature.entries.get(p)?.support && subsOf(p).length > 0,
    ),
  );
  const opds: Opd[] = Array.from({ length: opdCount }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: `opd-s${n}`, name: `OPD sintetis ${n}`, short: `OPD-S ${n}` };
  });

  const all: RecordedEvent[] = [];
  let pending: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2025-02-14T02:00:00.000Z');
  await registerBoard(store, boardId);
  const flush = async () => {
    if (pending.length === 0) return;
    await store.appendToStream(boardStream(boardId), pending.map(toAppend), {
      expectedRevision: BigInt(pending[0]!.revision - 1),
    });
    pending = [];
  };
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

  let columnRank: string | null = null;
  await emit({
    type: 'BoardCreated',
    data: {
      boardId,
      title: `Papan sintetis: ${opdCount} OPD × ${programsPerOpd + 1} program dari nomenklatur nyata (data uji, bukan data nyata)`,
      description:
        'Data sintetis untuk uji beban. Kode dan nama program, kegiatan dan sub-kegiatan dari nomenklatur Kepmendagri; OPD, pagu dan target dibuat acak.',
      sample: false,
      synthetic: true,
      nomenclatureVersion: nomenclature.version,
      columns: DEFAULT_STAGES.map((s) => ({
        id: s.id,
        title: s.title,
        rank: (columnRank = rankBetween(columnRank, null)),
      })),
      opds,
      referenceLists: BANYUASIN_REFERENCE_LISTS,
    },
  });

  const lastRank = new Map<string, string | null>();
  const place = new Map<string, { columnId: string; rank: string }>();
  const subs: RincianBoard['subs'] = [];
  const subPagu = new Map<string, number | null>();
  for (const [i, opd] of opds.entries()) {
    const support = nomenclatureChildren(nomenclature, bidang[i % bidang.length]!).find(
      (p) => nomenclature.entries.get(p)?.support,
    )!;
    const programs = [
      support,
      ...Array.from(
        { length: programsPerOpd },
        (_, j) => technical[(i * programsPerOpd + j) % technical.length]!,
      ),
    ];
    for (const code of programs) {
      const programId = `${opd.id}-${code.replace(/\./g, '-')}`;
      const columnId = DEFAULT_STAGES[Math.floor(random() * DEFAULT_STAGES.length)]!.id;
      const rank = rankBetween(lastRank.get(columnId) ?? null, null);
      lastRank.set(columnId, rank);
      place.set(programId, { columnId, rank });
      await emit({
        type: 'ProgramProposed',
        data: {
          programId,
          columnId,
          rank,
          code,
          title: nomenclature.entries.get(code)!.title,
          opdId: opd.id,
          indicators: [],
          pagu: {},
          lokasi: [],
          sumberDana: null,
          notes: '',
        },
      });
      const chosen = subsOf(code).slice(0, subPerProgram);
      for (const kegiatan of generalKegiatan(code)) {
        const under = chosen.filter((s) => parentCode(s) === kegiatan);
        if (under.length === 0) continue;
        const title = nomenclature.entries.get(kegiatan)!.title;
        await emit({
          type: 'KegiatanAdded',
          data: { programId, code: kegiatan, title, indicators: [], notes: '' },
        });
        for (const sub of under) {
          const entry = nomenclature.entries.get(sub)!;
          const pagu = Object.fromEntries(PLAN_YEARS.map((y) => [y, rupiah()]));
          subPagu.set(`${programId} ${sub}`, pagu['2027'] ?? null);
          await emit({
            type: 'SubKegiatanAdded',
            data: {
              programId,
              code: sub,
              title: entry.title,
              indicators:
                entry.indikator && entry.satuan
                  ? [
                      {
                        id: 'ind-1',
                        ...(entry.kinerja ? { kinerja: entry.kinerja } : {}),
                        name: entry.indikator,
                        unit: entry.satuan,
                        baseline: null,
                        targets: Object.fromEntries(PLAN_YEARS.map((y) => [y, Math.round(random() * 100)])),
                      },
                    ]
                  : [],
              pagu,
              lokasi: [],
              notes: '',
            },
          });
          subs.push({ programId, code: sub });
        }
      }
    }
    const held = [...new Set(programs.map((p) => parentCode(p)!))].sort(compareCodes);
    await emit({ type: 'OpdBidangSet', data: { opdId: opd.id, bidang: held, before: [] } });
  }

  // The meeting's work on top: pagu revised per year, cards moved, comments.
  const total = Math.max(options.events ?? 0, all.length);
  const columns = DEFAULT_STAGES.map((s) => s.id);
  const programIds = [...place.keys()];
  while (all.length < total) {
    const pick = random();
    if (pick < 0.6) {
      const { programId, code } = subs[Math.floor(random() * subs.length)]!;
      const key = `${programId} ${code}`;
      const next = rupiah();
      await emit({
        type: 'SubKegiatanRevised',
        data: {
          programId,
          code,
          changes: { pagu: { '2027': next } },
          before: { pagu: { '2027': subPagu.get(key) ?? null } },
        },
      });
      subPagu.set(key, next);
    } else if (pick < 0.85) {
      const programId = programIds[Math.floor(random() * programIds.length)]!;
      const from = place.get(programId)!;
      const toColumnId = columns[Math.floor(random() * columns.length)]!;
      const rank = rankBetween(lastRank.get(toColumnId) ?? null, null);
      lastRank.set(toColumnId, rank);
      place.set(programId, { columnId: toColumnId, rank });
      await emit({
        type: 'ProgramMoved',
        data: { programId, fromColumnId: from.columnId, toColumnId, rank, fromRank: from.rank },
      });
    } else {
      const programId = programIds[Math.floor(random() * programIds.length)]!;
      await emit({
        type: 'ProgramCommented',
        data: { programId, commentId: randomUUID(), text: `Komentar sintetis ${all.length}` },
      });
    }
  }
  await flush();
  return { state: fold(initialBoardState(boardId), all), subs, events: all.length };
}

function fullList(): Nomenclature {
  const known = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION);
  if (known) return known;
  loadNomenclatures([path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION)]);
  return nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
}
