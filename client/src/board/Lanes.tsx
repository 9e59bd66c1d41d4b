import { memo, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { useBoardSelector } from '../sync/use-connection';
import { ROW } from './board-context';
import { CardList, useDropIndex } from './Column';
import type { BoardModel, ColumnView, LaneView } from './derive';
import { useWindow } from './use-window';
import { formatRupiahCompact } from '../format/rupiah';

const LANE_HEAD = 36;

/** Swimlanes: one row per OPD, the stages as columns; only lanes and cards in view are rendered. */
export function Lanes({ model }: { model: BoardModel }) {
  const { t, language } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  // Lane tops in pixels, so each lane can window its own cards against the one scroller.
  let top = 0;
  const placed = (model.lanes ?? []).map((lane) => {
    const at = top;
    top += LANE_HEAD + lane.depth * ROW;
    return { lane, top: at };
  });
  const range = useWindow(scroller, 1, top, 0, 0);
  return (
    <div className="lanes" ref={scroller} data-scroller data-testid="lanes">
      <div className="lanes-head" role="presentation">
        {model.columns.map((c) => (
          <div key={c.id} className="lanes-head-cell">
            <strong>{c.title}</strong>
            <span className="muted">
              {t('board.column.count', { count: c.ids.length })} ·{' '}
              {formatRupiahCompact(c.paguTotal, language)}
            </span>
          </div>
        ))}
      </div>
      <div className="lanes-body" style={{ height: top }}>
        {placed.map(({ lane, top: laneTop }) =>
          laneTop + LANE_HEAD + lane.depth * ROW < range.start || laneTop > range.end ? null : (
            <Lane
              key={lane.opdId}
              lane={lane}
              columns={model.columns}
              top={laneTop}
              viewTop={range.start}
              viewBottom={range.end}
            />
          ),
        )}
      </div>
    </div>
  );
}

const Lane = memo(function Lane({
  lane,
  columns,
  top,
  viewTop,
  viewBottom,
}: {
  lane: LaneView;
  columns: readonly ColumnView[];
  top: number;
  viewTop: number;
  viewBottom: number;
}) {
  const { t } = useI18n();
  const opd = useBoardSelector((s) => s.view?.opds[lane.opdId]);
  const name = opd ? `${opd.short} — ${opd.name}` : lane.opdId;
  // Rows of this lane that are on screen (plus a few), the same for every cell of the lane.
  const first = Math.max(0, Math.floor((viewTop - top - LANE_HEAD) / ROW) - 3);
  const last = Math.min(lane.depth, Math.ceil((viewBottom - top - LANE_HEAD) / ROW) + 3);
  return (
    <section
      className="lane"
      style={{ top, height: LANE_HEAD + lane.depth * ROW }}
      aria-label={t('lane.label', { opd: name })}
      data-lane-id={lane.opdId}
    >
      <h2 className="lane-head">
        {name} <span className="muted">({lane.count})</span>
      </h2>
      <div className="lane-cells">
        {columns.map((column) => (
          <LaneCell key={column.id} column={column} lane={lane} first={first} last={last} />
        ))}
      </div>
    </section>
  );
});

function LaneCell({
  column,
  lane,
  first,
  last,
}: {
  column: ColumnView;
  lane: LaneView;
  first: number;
  last: number;
}) {
  const ids = lane.cells[column.id] ?? [];
  const dropIndex = useDropIndex(column.id, lane.opdId);
  return (
    <div className="lane-cell" data-column-id={column.id} data-column-title={column.title} data-drop-zone>
      <CardList
        columnId={column.id}
        laneId={lane.opdId}
        ids={ids}
        start={Math.min(first, ids.length)}
        end={Math.min(last, ids.length)}
        dropIndex={dropIndex}
        label={`${column.title}`}
      />
    </div>
  );
}
