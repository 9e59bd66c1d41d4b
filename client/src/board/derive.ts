import { opdMayMoveInto, programPaguTotal, type BoardState, type Program } from '@selaras/shared';
import type { BoardFilter } from './filters';

export interface ColumnView {
  id: string;
  title: string;
  /** Visible programs of the column, in board order. */
  ids: readonly string[];
  /** All active programs of the column, filtered or not. */
  total: number;
  /** Sum of every year's pagu over the visible programs, whole Rupiah. */
  paguTotal: number;
  /** Whether OPDs may move their programs into this stage (Bappeda's setting). */
  opdMoves: boolean;
}

export interface LaneView {
  opdId: string;
  /** Visible program ids per column id. */
  cells: Readonly<Record<string, readonly string[]>>;
  /** The longest cell: the lane's height in cards. */
  depth: number;
  count: number;
}

export interface BoardModel {
  columns: readonly ColumnView[];
  lanes: readonly LaneView[] | null;
  visible: number;
  total: number;
}

const searchText = new WeakMap<Program, string>();

function textOf(program: Program, board: BoardState): string {
  let text = searchText.get(program);
  if (text === undefined) {
    const opd = Object.hasOwn(board.opds, program.opdId) ? board.opds[program.opdId] : undefined;
    text = [program.code, program.title, opd?.name, opd?.short, ...program.lokasi, program.sumberDana ?? '']
      .join(' ')
      .toLocaleLowerCase('id');
    searchText.set(program, text);
  }
  return text;
}

/**
 * A program's pagu over the plan years as totals count it: per year its own figure if set by hand, else
 * the sum of its sub-kegiatan (the shared `programPaguTotal`, as the exports and the display use).
 */
export function paguSum(program: Program): number {
  // Programs are shared between folds until they change: a remote event re-sums only its own program.
  let sum = paguSums.get(program);
  if (sum === undefined) paguSums.set(program, (sum = programPaguTotal(program)));
  return sum;
}

const paguSums = new WeakMap<Program, number>();

function matcher(board: BoardState, filter: BoardFilter): (program: Program) => boolean {
  const opds = new Set(filter.opd);
  const tags = new Set(filter.tag);
  const words = filter.q.toLocaleLowerCase('id').split(/\s+/).filter(Boolean);
  return (p) =>
    (opds.size === 0 || opds.has(p.opdId)) &&
    (tags.size === 0 || p.tags.some((t) => tags.has(`${t.listId}:${t.itemId}`))) &&
    (words.length === 0 || words.every((w) => textOf(p, board).includes(w)));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The columns (and swimlanes) the person sees. Linear in the number of programs; objects equal to the
 * previous model's are reused, so a column one event did not change keeps its identity and its
 * memoised component does not re-render.
 */
export function deriveBoard(board: BoardState, filter: BoardFilter, previous?: BoardModel): BoardModel {
  const matches = matcher(board, filter);
  const stages = new Set(filter.stage);
  const prevColumns = new Map(previous?.columns.map((c) => [c.id, c]));
  let visible = 0;
  let total = 0;
  const columns: ColumnView[] = [];
  for (const [index, column] of board.columns.entries()) {
    total += column.programIds.length;
    const opdMoves = opdMayMoveInto(column, index);
    if (stages.size > 0 && !stages.has(column.id)) continue;
    const ids: string[] = [];
    let paguTotal = 0;
    for (const id of column.programIds) {
      const program = board.programs[id];
      if (!program || !matches(program)) continue;
      ids.push(id);
      paguTotal += paguSum(program);
    }
    visible += ids.length;
    const prev = prevColumns.get(column.id);
    if (
      prev &&
      prev.title === column.title &&
      prev.total === column.programIds.length &&
      prev.paguTotal === paguTotal &&
      prev.opdMoves === opdMoves &&
      sameIds(prev.ids, ids)
    )
      columns.push(prev);
    else
      columns.push({
        id: column.id,
        title: column.title,
        ids: prev && sameIds(prev.ids, ids) ? prev.ids : ids,
        total: column.programIds.length,
        paguTotal,
        opdMoves,
      });
  }
  const lanes = filter.group === 'opd' ? deriveLanes(board, columns, previous?.lanes ?? null) : null;
  return { columns, lanes, visible, total };
}

function deriveLanes(
  board: BoardState,
  columns: readonly ColumnView[],
  previous: readonly LaneView[] | null,
): LaneView[] {
  const byOpd = new Map<string, Record<string, string[]>>();
  for (const column of columns)
    for (const id of column.ids) {
      const opdId = board.programs[id]!.opdId;
      let cells = byOpd.get(opdId);
      if (!cells) byOpd.set(opdId, (cells = {}));
      (cells[column.id] ??= []).push(id);
    }
  const prevLanes = new Map(previous?.map((l) => [l.opdId, l]));
  const opdOrder = Object.keys(board.opds);
  const order = [...byOpd.keys()].sort(
    (a, b) => (opdOrder.indexOf(a) + 1 || 1e9) - (opdOrder.indexOf(b) + 1 || 1e9) || a.localeCompare(b),
  );
  return order.map((opdId) => {
    const cells = byOpd.get(opdId)!;
    const prev = prevLanes.get(opdId);
    const lengths = columns.map((c) => cells[c.id]?.length ?? 0);
    const count = lengths.reduce((a, b) => a + b, 0);
    if (
      prev &&
      prev.count === count &&
      columns.every((c) => sameIds(prev.cells[c.id] ?? [], cells[c.id] ?? [])) &&
      Object.keys(prev.cells).length === Object.keys(cells).length
    )
      return prev;
    return { opdId, cells, depth: Math.max(1, ...lengths), count };
  });
}
