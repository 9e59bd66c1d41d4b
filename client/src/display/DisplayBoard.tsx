import { memo, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { BoardState, Column } from '@selaras/shared';
import { formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { paguSum } from '../board/derive';
import { DisplayCard } from './DisplayCard';
import { useFlip } from './flip';
import { useRotation } from './hooks';
import { fitColumns, pageOf, ROTATE_MS, type Density } from './paging';

/** Before the first measurement (and in jsdom): a column body of 1080p's size, in em. */
const DEFAULT_BODY_EM = 24;

/**
 * The board's columns side by side, fitted to the screen: one density for the whole board (the roomiest
 * at which the longest column fits), and columns still too long rotate through pages of cards.
 */
export function DisplayBoard({
  board,
  highlighted,
}: {
  board: BoardState;
  highlighted: ReadonlyMap<string, number>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const bodyEm = useBodyEm(ref);
  const longest = Math.max(0, ...board.columns.map((c) => c.programIds.length));
  const { density, size, paged } = fitColumns(longest, bodyEm);
  const tick = useRotation(paged, ROTATE_MS);
  useFlip(ref);
  return (
    <div
      ref={ref}
      className={`display-board density-${density}`}
      style={{ gridTemplateColumns: `repeat(${Math.max(1, board.columns.length)}, minmax(0, 1fr))` }}
      data-testid="display-board"
      data-density={density}
      data-per-page={size}
    >
      {board.columns.map((column) => (
        <DisplayColumn
          key={column.id}
          column={column}
          board={board}
          density={density}
          size={size}
          tick={tick}
          highlighted={highlighted}
        />
      ))}
    </div>
  );
}

const DisplayColumn = memo(function DisplayColumn({
  column,
  board,
  density,
  size,
  tick,
  highlighted,
}: {
  column: Column;
  board: BoardState;
  density: Density;
  size: number;
  tick: number;
  highlighted: ReadonlyMap<string, number>;
}) {
  const { t, language } = useI18n();
  const { ids, page, pages } = pageOf(column.programIds, size, tick, highlighted);
  let pagu = 0;
  for (const id of column.programIds) {
    const program = board.programs[id];
    if (program) pagu += paguSum(program);
  }
  return (
    <section
      className="dcol"
      data-testid="column"
      data-column-id={column.id}
      aria-label={t('board.column.label', { title: column.title, count: column.programIds.length })}
    >
      <header className="dcol-head">
        <h2 className="dcol-title">{column.title}</h2>
        <div className="dcol-meta">
          <span className="dcol-count">{t('board.column.count', { count: column.programIds.length })}</span>
          <span className="dcol-pagu">{pagu > 0 ? formatRupiahCompact(pagu, language) : ''}</span>
        </div>
      </header>
      {/* Keyed by page: a new page fades in as a whole. */}
      <ol className="dcol-body" key={page}>
        {ids.length === 0 && <li className="dcol-empty">{t('display.empty')}</li>}
        {ids.map((id) => {
          const program = board.programs[id];
          if (!program) return null;
          const opd = Object.hasOwn(board.opds, program.opdId) ? board.opds[program.opdId] : undefined;
          return (
            <DisplayCard
              key={id}
              program={program}
              opdShort={opd?.short ?? program.opdId}
              lists={board.referenceLists}
              density={density}
              highlighted={highlighted.has(id)}
            />
          );
        })}
      </ol>
      {pages > 1 && (
        <footer className="dcol-page" data-testid="column-page" aria-live="off">
          {t('display.page', { page: page + 1, pages })}
        </footer>
      )}
    </section>
  );
});

/** The height a column's cards have, in em: measured from the first column's body, kept on resize. */
function useBodyEm(ref: RefObject<HTMLElement | null>): number {
  const [em, setEm] = useState(DEFAULT_BODY_EM);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root || typeof ResizeObserver !== 'function') return;
    const measure = () => {
      const body = root.querySelector<HTMLElement>('.dcol-body');
      const fontPx = parseFloat(getComputedStyle(root).fontSize);
      if (!body || !(fontPx > 0)) return;
      const style = getComputedStyle(body);
      const inner = body.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      if (inner > 0) setEm(Math.round((inner / fontPx) * 100) / 100);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, [ref]);
  return em;
}
