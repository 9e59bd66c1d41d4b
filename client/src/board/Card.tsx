import '../nomenclature/rincian.css';
import { memo, useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import {
  codesMissingFrom,
  mayChangeProgram,
  nomenclatureByVersion,
  programPagu,
  rincianCounts,
  PLAN_YEARS,
  type BoardState,
  type Program,
} from '@selaras/shared';
import { formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { useBoardSelector, useMembersOn, usePendingOn, useProgram } from '../sync/use-connection';
import { CARD_HEIGHT, useBoardUi } from './board-context';
import { paguSum } from './derive';
import { startPointerDrag } from './pointer-drag';
import { renderProbe } from './render-probe';
import { ClockIcon, EyeIcon, WarningIcon } from './icons';

interface CardProps {
  programId: string;
  columnId: string;
  laneId: string | null;
  top: number;
  /** 1-based place in its list and the list's length: a screen reader hears "3 of 120" though only a window is rendered. */
  position: number;
  setSize: number;
}

const selectOpds = (s: { view: BoardState | null }) => s.view?.opds;
const selectLists = (s: { view: BoardState | null }) => s.view?.referenceLists;
const selectVersion = (s: { view: BoardState | null }) => s.view?.nomenclatureVersion;

/** One program on the board. Re-renders only when its own program, presence or pending state changes. */
export const Card = memo(function Card({ programId, columnId, laneId, top, position, setSize }: CardProps) {
  renderProbe.card?.(programId);
  const program = useProgram(programId);
  const ui = useBoardUi();
  const { t, language } = useI18n();
  const opds = useBoardSelector(selectOpds);
  const lists = useBoardSelector(selectLists);
  const version = useBoardSelector(selectVersion);
  const others = useMembersOn(programId, ui.session.user.id);
  const pending = usePendingOn(programId);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (ui.focusAfterMove.current === programId && ref.current) {
      ui.focusAfterMove.current = null;
      ref.current.focus({ preventScroll: false });
    }
  });

  if (!program) return null;
  const opd = opds && Object.hasOwn(opds, program.opdId) ? opds[program.opdId] : undefined;
  const chips = program.tags.map((tag) => {
    const list = lists && Object.hasOwn(lists, tag.listId) ? lists[tag.listId] : undefined;
    const item = list?.items.find((i) => i.id === tag.itemId);
    return {
      key: `${tag.listId}:${tag.itemId}`,
      code: item?.code ?? tag.itemId,
      label: item ? `${list!.title}: ${item.label}` : tag.itemId,
      listId: tag.listId,
    };
  });
  const pagu = paguSum(program);
  const counts = rincianCounts(program);
  const hasRincian = counts.kegiatan > 0;
  const sources = programPagu(program);
  const fromRincian = PLAN_YEARS.some((y) => sources[y].source === 'rincian');
  const nomenclature = version ? nomenclatureByVersion(version) : undefined;
  // Codes the board's version no longer has (it moved to a newer decree): marked, never dropped.
  const missing = nomenclature ? codesMissingFrom(program, nomenclature) : [];
  const rincianLabel = t('card.rincianLabel', { kegiatan: counts.kegiatan, sub: counts.subKegiatan });
  // The same rule the domain applies: only its OPD and Bappeda move a program.
  const movable = ui.canEdit && mayChangeProgram(ui.session.user, program);
  const names = others.map((m) => m.name).join(', ');

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.target !== event.currentTarget) return;
    // While a card is lifted by keyboard, the board handles the keys (the card may scroll out of the
    // virtualised window and unmount mid-move).
    if (ui.dnd.getSnapshot()) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      ui.openProgram(programId);
    } else if (event.key === ' ' && movable) {
      event.preventDefault();
      const state = ui.dnd.pickUp(programId, columnId, laneId, 'keyboard');
      if (state) ui.announce(liftedMessage(t, program, state.target, ui.dnd, columnTitle(columnId)));
    } else if (event.key === ' ') {
      event.preventDefault();
      ui.announce(t('dnd.notAllowed'));
    }
  };

  const onPointerDown = (event: PointerEvent<HTMLLIElement>) => {
    if (!movable || event.button !== 0) return;
    startPointerDrag(event, { programId, columnId, laneId, title: `${program.code} ${program.title}` }, ui);
  };

  return (
    <li
      ref={ref}
      className={`card${pending ? ` card-${pending}` : ''}${others.length ? ' card-watched' : ''}`}
      style={{ top, height: CARD_HEIGHT }}
      tabIndex={0}
      data-program-id={programId}
      aria-posinset={position}
      aria-setsize={setSize}
      data-testid="card"
      aria-roledescription={t('card.roleDescription')}
      aria-describedby="card-instructions"
      aria-label={
        t('card.label', {
          code: program.code,
          title: program.title,
          opd: opd?.short ?? program.opdId,
        }) +
        (hasRincian ? `, ${rincianLabel}` : '') +
        (missing.length > 0
          ? `, ${t('card.missingCodes', { count: missing.length, codes: missing.join(', ') })}`
          : '')
      }
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onClick={() => ui.openProgram(programId)}
    >
      <div className="card-top">
        <span className="card-code">{program.code}</span>
        {hasRincian && (
          <span className="card-rincian" title={rincianLabel} data-testid="card-rincian">
            {t('card.rincian', { kegiatan: counts.kegiatan, sub: counts.subKegiatan })}
          </span>
        )}
        <span className="card-opd" title={opd?.name}>
          {opd?.short ?? program.opdId}
        </span>
      </div>
      <div className="card-title" title={program.title}>
        {program.title}
      </div>
      <div className="card-bottom">
        <span className="chips">
          {chips.slice(0, 3).map((chip) => (
            <span key={chip.key} className={`chip chip-${chip.listId}`} title={chip.label}>
              {chip.code}
            </span>
          ))}
          {chips.length > 3 && (
            <span className="chip chip-more">{t('card.moreTags', { count: chips.length - 3 })}</span>
          )}
        </span>
        <span
          className={`card-pagu${pagu ? '' : ' muted'}${fromRincian ? ' card-pagu-rincian' : ''}`}
          title={pagu ? t(fromRincian ? 'card.paguFromRincian' : 'card.paguManual') : undefined}
          data-testid="card-pagu"
        >
          {pagu ? formatRupiahCompact(pagu, language) : '—'}
        </span>
      </div>
      {(others.length > 0 || pending || missing.length > 0) && (
        <div className="card-markers">
          {missing.length > 0 && (
            <span
              className="marker marker-missing"
              title={t('card.missingCodes', { count: missing.length, codes: missing.join(', ') })}
              data-testid="card-missing-codes"
            >
              <WarningIcon /> {missing.length}
            </span>
          )}
          {others.length > 0 && (
            <span
              className="marker marker-open"
              role="img"
              title={t('card.openBy', { names })}
              aria-label={t('card.openBy', { names })}
            >
              <EyeIcon /> {others.map((m) => initials(m.name)).join(' ')}
            </span>
          )}
          {pending === 'pending' && (
            <span
              className="marker marker-pending"
              role="img"
              title={t('card.pending')}
              aria-label={t('card.pending')}
            >
              <ClockIcon />
            </span>
          )}
          {pending === 'conflict' && (
            <span
              className="marker marker-conflict"
              role="img"
              title={t('card.conflict')}
              aria-label={t('card.conflict')}
            >
              <WarningIcon />
            </span>
          )}
        </div>
      )}
    </li>
  );

  function columnTitle(id: string): string {
    return (
      document.querySelector(`[data-column-id="${CSS.escape(id)}"]`)?.getAttribute('data-column-title') ?? id
    );
  }
});

export function initials(name: string): string {
  const words = name
    .replace(/^(Operator|Dinas)\s+/i, '')
    .split(/\s+/)
    .filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function liftedMessage(
  t: ReturnType<typeof useI18n>['t'],
  program: Program,
  target: { columnId: string; laneId: string | null; index: number },
  dnd: { listWithout: (c: string, l: string | null) => readonly string[] },
  column: string,
): string {
  const total = dnd.listWithout(target.columnId, target.laneId).length + 1;
  return t('dnd.lifted', {
    title: `${program.code} ${program.title}`,
    column,
    position: target.index + 1,
    total,
  });
}
