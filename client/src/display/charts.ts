import type { BoardState, Program } from '@selaras/shared';
import { paguSum } from '../board/derive';

/** The stage a program is agreed in (shared/src/reference/stages.ts). */
export const AGREED_COLUMN_ID = 'disepakati';
/** The reference lists whose coverage the room watches (shared/src/reference/reference-lists.ts). */
export const COVERAGE_LIST_IDS = ['asta-cita', 'prioritas-bupati'] as const;

export interface StageBar {
  columnId: string;
  title: string;
  count: number;
  /** Sum of every year's pagu indikatif over the stage's programs, whole Rupiah. */
  pagu: number;
}

export interface OpdAgreement {
  opdId: string;
  name: string;
  short: string;
  total: number;
  agreed: number;
}

export interface CoverageItem {
  id: string;
  code: string;
  /** What the tile says: the short name when the list's names share a prefix ("Banyuasin …"), else the code. */
  label: string;
  title: string;
  count: number;
  /** No active program is tagged with it yet: marked on the chart. */
  unsupported: boolean;
}

export interface Coverage {
  listId: string;
  title: string;
  items: CoverageItem[];
  unsupported: number;
}

/** Active programs, in board order (archived ones are in `programs` but in no column). */
function* activePrograms(board: BoardState): Generator<Program> {
  for (const column of board.columns)
    for (const id of column.programIds) {
      const program = board.programs[id];
      if (program) yield program;
    }
}

/** Programs and pagu per stage, in column order. */
export function stageBars(board: BoardState): StageBar[] {
  return board.columns.map((column) => {
    let pagu = 0;
    for (const id of column.programIds) {
      const program = board.programs[id];
      if (program) pagu += paguSum(program);
    }
    return { columnId: column.id, title: column.title, count: column.programIds.length, pagu };
  });
}

/**
 * Per OPD with at least one active program: how many of them are agreed. Most programs first (the OPDs
 * the meeting spends its time on), then the board's OPD order.
 */
export function opdAgreement(board: BoardState, agreedColumnId = AGREED_COLUMN_ID): OpdAgreement[] {
  const rows = new Map<string, OpdAgreement>();
  for (const program of activePrograms(board)) {
    let row = rows.get(program.opdId);
    if (!row) {
      const opd = Object.hasOwn(board.opds, program.opdId) ? board.opds[program.opdId] : undefined;
      row = {
        opdId: program.opdId,
        name: opd?.name ?? program.opdId,
        short: opd?.short ?? program.opdId,
        total: 0,
        agreed: 0,
      };
      rows.set(program.opdId, row);
    }
    row.total += 1;
    if (program.columnId === agreedColumnId) row.agreed += 1;
  }
  const order = Object.keys(board.opds);
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...rows.values()].sort((a, b) => b.total - a.total || rank(a.opdId) - rank(b.opdId));
}

/** The words every label starts with ("Banyuasin Cerdas", "Banyuasin Sehat" → "Banyuasin "), or ''. */
export function commonWordPrefix(labels: readonly string[]): string {
  if (labels.length < 2) return '';
  const words = labels.map((l) => l.split(' '));
  let n = 0;
  while (words.every((w) => w.length > n + 1 && w[n] === words[0]![n])) n++;
  return n === 0 ? '' : `${words[0]!.slice(0, n).join(' ')} `;
}

/** How many active programs are tagged with each item of a reference list; null if the board lacks it. */
export function coverage(board: BoardState, listId: string): Coverage | null {
  const list = Object.hasOwn(board.referenceLists, listId) ? board.referenceLists[listId] : undefined;
  if (!list) return null;
  const counts = new Map<string, number>();
  for (const program of activePrograms(board))
    for (const tag of program.tags)
      if (tag.listId === listId) counts.set(tag.itemId, (counts.get(tag.itemId) ?? 0) + 1);
  const prefix = commonWordPrefix(list.items.map((i) => i.short));
  const items = list.items.map((item) => {
    const count = counts.get(item.id) ?? 0;
    return {
      id: item.id,
      code: item.code,
      label: prefix ? item.short.slice(prefix.length) : item.code,
      title: `${item.code} ${item.short}: ${item.label}`,
      count,
      unsupported: count === 0,
    };
  });
  return { listId, title: list.title, items, unsupported: items.filter((i) => i.unsupported).length };
}
