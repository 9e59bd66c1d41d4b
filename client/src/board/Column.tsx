import { memo, useRef, useSyncExternalStore } from 'react';
import { formatRupiah, formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';
import { ROW, useBoardUi } from './board-context';
import { Card } from './Card';
import type { ColumnView } from './derive';
import { useWindow } from './use-window';

/** A stage of the board: header with count and pagu total, then a virtualised list of its cards. */
export const Column = memo(function Column({ column, filtered }: { column: ColumnView; filtered: boolean }) {
  const { t, language } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const range = useWindow(scroller, ROW, column.ids.length);
  const dropIndex = useDropIndex(column.id, null);
  const headingId = `col-${column.id}-title`;
  const count = filtered
    ? t('board.column.countFiltered', { count: column.ids.length, total: column.total })
    : t('board.column.count', { count: column.ids.length });

  return (
    <section
      className={`column${dropIndex >= 0 ? ' column-drop' : ''}`}
      aria-labelledby={headingId}
      data-column-id={column.id}
      data-column-title={column.title}
      data-drop-zone
      data-testid="column"
    >
      <header className="column-head">
        <h2 id={headingId}>{column.title}</h2>
        <div className="column-stats">
          <span data-testid="column-count">{count}</span>
          <span
            className="column-pagu"
            title={`${t('board.column.paguLabel')}: ${formatRupiah(column.paguTotal, language)}`}
            data-testid="column-pagu"
          >
            {t('board.column.pagu', { amount: formatRupiahCompact(column.paguTotal, language) })}
          </span>
        </div>
        <ColumnPolicy column={column} />
      </header>
      <div className="column-body" ref={scroller} data-scroller>
        <CardList
          columnId={column.id}
          laneId={null}
          ids={column.ids}
          start={range.start}
          end={range.end}
          dropIndex={dropIndex}
          label={t('board.column.label', { title: column.title, count: column.ids.length })}
        />
        {column.ids.length === 0 && <p className="column-empty">{t('board.column.empty')}</p>}
      </div>
    </section>
  );
});

/** The slot a drag would drop into on this list, or -1 (re-renders only this list while dragging). */
export function useDropIndex(columnId: string, laneId: string | null): number {
  const { dnd } = useBoardUi();
  return useSyncExternalStore(dnd.subscribe, () => {
    const state = dnd.getSnapshot();
    return state && state.target.columnId === columnId && state.target.laneId === laneId
      ? state.target.index
      : -1;
  });
}

interface CardListProps {
  columnId: string;
  laneId: string | null;
  ids: readonly string[];
  start: number;
  end: number;
  dropIndex: number;
  label: string;
}

/** Absolutely positioned rows: only `start..end` exist in the DOM, the list keeps its full height. */
export function CardList({ columnId, laneId, ids, start, end, dropIndex, label }: CardListProps) {
  const { dnd } = useBoardUi();
  const dragging = useSyncExternalStore(dnd.subscribe, () => dnd.getSnapshot()?.programId ?? null);
  const rows = [];
  // The window may lag one render behind a list that just shrank.
  const last = Math.min(end, ids.length);
  for (let i = start; i < last; i++) {
    const id = ids[i]!;
    rows.push(
      <Card
        key={id}
        programId={id}
        columnId={columnId}
        laneId={laneId}
        top={i * ROW}
        position={i + 1}
        setSize={ids.length}
      />,
    );
  }
  // A lifted card stays mounted however far the move scrolls: it holds the keyboard focus.
  const lifted = dragging ? ids.indexOf(dragging) : -1;
  if (lifted >= 0 && (lifted < start || lifted >= last))
    rows.push(
      <Card
        key={dragging}
        programId={dragging!}
        columnId={columnId}
        laneId={laneId}
        top={lifted * ROW}
        position={lifted + 1}
        setSize={ids.length}
      />,
    );
  // Slots count the list without the dragged card, as the drop will.
  const visibleLength = dragging && ids.includes(dragging) ? ids.length - 1 : ids.length;
  return (
    <ul
      className="card-list"
      style={{ height: Math.max(ROW, ids.length * ROW) }}
      data-drop-list
      data-drop-zone
      data-column-id={columnId}
      data-lane-id={laneId ?? ''}
      aria-label={label}
    >
      {rows}
      {dropIndex >= 0 && (
        <li
          className="drop-indicator"
          aria-hidden="true"
          style={{
            top:
              Math.min(dropIndex, visibleLength) * ROW -
              5 +
              (dropIndexAfterDragged(ids, dragging, dropIndex) ? ROW : 0),
          }}
        />
      )}
    </ul>
  );
}

/** Slot indices skip the dragged card; on screen it still takes its row until the drop. */
function dropIndexAfterDragged(ids: readonly string[], dragging: string | null, dropIndex: number): boolean {
  if (!dragging) return false;
  const at = ids.indexOf(dragging);
  return at >= 0 && dropIndex > at;
}

/** Bappeda opens or closes a stage to OPD moves; everyone else sees the setting as a note. */
function ColumnPolicy({ column }: { column: ColumnView }) {
  const { t, pick } = useI18n();
  const { session, announce } = useBoardUi();
  const connection = useConnection();
  if (session.user.role !== 'sekretariat')
    return column.opdMoves ? null : <p className="column-policy muted">{t('column.bappedaOnly')}</p>;
  return (
    <label className="column-policy">
      <input
        type="checkbox"
        checked={column.opdMoves}
        onChange={(e) => {
          const result = connection.dispatch('SetColumnPolicy', {
            columnId: column.id,
            opdMoves: e.target.checked,
          });
          announce(
            result.ok
              ? t(e.target.checked ? 'column.opened' : 'column.closed', { title: column.title })
              : pick(result.error),
          );
        }}
        data-testid="column-policy"
      />
      {t('column.opdMoves')}
    </label>
  );
}
