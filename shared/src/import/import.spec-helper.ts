import { parseCommand } from '../domain/commands';
import { decide } from '../domain/decide';
import type { BoardEvent } from '../domain/events';
import { boardFrom, foldInPlace, type FoldableEvent } from '../domain/evolve';
import { forkPrograms } from '../domain/fork';
import type { Actor, BoardState } from '../domain/types';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { recorded, testActors } from '../testing/given-when-then';
import type { ImportCell, ImportPreview } from './import-types';
import { type PlanInput, planImport } from './plan';

/** The shipped nomenclature: every code in these specs comes from it, never typed by hand. */
export const FULL = fullNomenclature();
export const childrenOf = (code: string) => FULL.children!.get(code)!;
export const titleOf = (code: string) => FULL.entries.get(code)!.title;

export const putr: Actor = { id: 'u-putr', name: 'Operator Dinas PUTR', role: 'opd', opdId: 'putr' };
export const actors = { ...testActors, putr };

export const CREATED: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-impor',
    title: 'Papan uji impor',
    description: 'Data contoh.',
    sample: true,
    synthetic: false,
    nomenclatureVersion: FULL.version,
    columns: [
      { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
      { id: 'telaah', title: 'Telaah Bappeda', rank: 'a1' },
    ],
    opds: [
      { id: 'bappeda', name: 'Bappeda', short: 'Bappeda' },
      { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
      { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
      { id: 'putr', name: 'Dinas PUTR', short: 'PUTR' },
    ],
    referenceLists: [],
  },
};

export function boardOf(events: BoardEvent[] = []): BoardState {
  return boardFrom('papan-impor', recorded([CREATED, ...events]));
}

/** Plans `rows` (a header row first) on `board` as `actor`. */
export function plan(
  board: BoardState,
  rows: ImportCell[][],
  actor: Actor = testActors.sekretariat,
  extra: Partial<PlanInput> = {},
): ImportPreview {
  return planImport({
    board,
    nomenclature: FULL,
    table: { sheet: 'Uji', rows },
    actor,
    fileHash: 'f'.repeat(64),
    ...extra,
  });
}

/** What confirm does, without a server: every planned command through decide, folded in order. */
export function apply(
  board: BoardState,
  preview: ImportPreview,
  actor: Actor = testActors.sekretariat,
): BoardState {
  const state = forkPrograms(board, Object.keys(board.programs));
  for (const planned of preview.commands) {
    const parsed = parseCommand(planned.type, planned.data);
    if (!parsed.success) throw new Error(`${planned.type}: ${JSON.stringify(parsed.issues)}`);
    const decision = decide(parsed.command, state, {
      actor,
      now: '2025-02-14T03:00:00.000Z',
      newId: () => 'x',
    });
    if (!decision.ok) throw new Error(`${planned.type}: ${decision.error.message}`);
    foldInPlace(
      state,
      decision.events.map(
        (e, i) =>
          ({
            ...e,
            revision: state.revision + 1 + i,
            meta: { actor, at: '2025-02-14T03:00:00.000Z' },
          }) as FoldableEvent,
      ),
    );
  }
  return state;
}

/** A row by its spreadsheet number. */
export function rowOf(preview: ImportPreview, row: number) {
  const found = preview.rows.find((r) => r.row === row);
  if (!found) throw new Error(`no row ${row} in ${JSON.stringify(preview.rows.map((r) => r.row))}`);
  return found;
}
