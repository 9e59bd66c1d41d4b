import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { Session } from '../api/session';
import { navigate, useLocation } from '../app/router';
import { CardEditor } from '../editor/CardEditor';
import { ConflictCenter } from '../editor/ConflictCenter';
import { ProposeDialog } from '../editor/ProposeDialog';
import { useI18n } from '../i18n/i18n';
import type { BoardSource } from '../sync/board-connection';
import { BoardUiContext, ROW, type BoardUi } from './board-context';
import { BoardHeader } from './BoardHeader';
import { Column } from './Column';
import { deriveBoard, type BoardModel } from './derive';
import { DndController } from './dnd';
import { filterFromSearch, isFiltering, searchFromFilter, type BoardFilter } from './filters';
import { FilterBar } from './FilterBar';
import { Lanes } from './Lanes';
import { Notices } from './Notices';
import { SummaryChart } from './SummaryChart';
import { ArchiveDialog } from './ArchiveDialog';
import { NomenclatureStatus } from '../nomenclature/NomenclatureStatus';

const noSnapshot = (c: BoardSource) => c.getSnapshot();

/** The open board once a connection exists: header, filters, columns or lanes, dialogs. */
export function BoardView({
  connection,
  session,
  past,
}: {
  connection: BoardSource;
  session: Session;
  /** Time travel: the board as of a revision, read-only, with this bar above it. */
  past?: ReactNode;
}) {
  const { t, pick } = useI18n();
  const view = useSyncExternalStore(connection.subscribe, () => noSnapshot(connection).view);
  const loadError = useSyncExternalStore(connection.subscribe, () => noSnapshot(connection).loadError);
  const loadProgress = useSyncExternalStore(
    connection.subscribe,
    () => noSnapshot(connection).loadProgress ?? null,
  );
  // The board shows at once; it is editable once its nomenclature list is here (decide needs it).
  const nomenclature = useSyncExternalStore(connection.subscribe, () => noSnapshot(connection).nomenclature);
  const { search } = useLocation();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const setFilter = useCallback((next: BoardFilter) => {
    navigate(location.pathname + searchFromFilter(next, location.search), { replace: true });
  }, []);

  const previous = useRef<BoardModel | undefined>(undefined);
  const model = useMemo(() => {
    if (!view) return undefined;
    const next = deriveBoard(view, filter, previous.current);
    previous.current = next;
    return next;
  }, [view, filter]);
  const modelRef = useRef(model);
  modelRef.current = model;

  const [openProgramId, setOpenProgramId] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const [summary, setSummary] = useState(false);
  const [archiveOpen, setArchiveOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const focusAfterMove = useRef<string | null>(null);

  const dnd = useMemo(
    () =>
      new DndController({
        columnIds: () => modelRef.current?.columns.map((c) => c.id) ?? [],
        listFor: (columnId, laneId) => {
          const m = modelRef.current;
          if (!m) return [];
          if (laneId !== null) return m.lanes?.find((l) => l.opdId === laneId)?.cells[columnId] ?? [];
          return m.columns.find((c) => c.id === columnId)?.ids ?? [];
        },
      }),
    [],
  );

  const canEdit =
    !past &&
    (session.user.role === 'sekretariat' || session.user.role === 'opd') &&
    (nomenclature === undefined || nomenclature === 'ready');
  const columnTitle = useCallback(
    (id: string) => modelRef.current?.columns.find((c) => c.id === id)?.title ?? id,
    [],
  );
  const programTitle = useCallback(
    (id: string) => {
      const p = connection.getSnapshot().view?.programs[id];
      return p ? `${p.code} ${p.title}` : id;
    },
    [connection],
  );

  const ui = useMemo<BoardUi>(
    () => ({
      session,
      dnd,
      canEdit,
      focusAfterMove,
      openProgram: (id) => setOpenProgramId(id),
      announce: (text) => setAnnouncement((prev) => (prev === text ? `${text}\u00a0` : text)),
      cancelDrag: () => {
        const state = dnd.cancel();
        if (state) setAnnouncement(t('dnd.cancelled', { title: programTitle(state.programId) }));
      },
      dropCard: () => {
        const state = dnd.getSnapshot();
        if (!state) return;
        const total = dnd.listWithout(state.target.columnId, state.target.laneId).length + 1;
        const intent = dnd.drop();
        const position = state.target.index + 1;
        const title = programTitle(state.programId);
        if (intent) {
          const result = connection.dispatch('MoveProgram', intent);
          if (!result.ok) {
            setAnnouncement(pick(result.error));
            return;
          }
          focusAfterMove.current = state.mode === 'keyboard' ? state.programId : null;
        }
        setAnnouncement(
          t('dnd.dropped', { title, column: columnTitle(state.target.columnId), position, total }),
        );
      },
    }),
    [session, dnd, canEdit, connection, t, pick, columnTitle, programTitle],
  );

  // Keyboard moves announce every step.
  useEffect(() => {
    const unsubscribe = dnd.subscribe(() => {
      const state = dnd.getSnapshot();
      if (!state || state.mode !== 'keyboard') return;
      const total = dnd.listWithout(state.target.columnId, state.target.laneId).length + 1;
      ui.announce(
        t('dnd.over', {
          column: columnTitle(state.target.columnId),
          position: state.target.index + 1,
          total,
        }),
      );
      document
        .querySelector(
          `[data-drop-list][data-column-id="${CSS.escape(state.target.columnId)}"][data-lane-id="${CSS.escape(state.target.laneId ?? '')}"]`,
        )
        ?.closest('[data-scroller]')
        ?.querySelector('.drop-indicator')
        ?.scrollIntoView({ block: 'nearest' });
    });
    return () => void unsubscribe();
  }, [dnd, ui, t, columnTitle]);

  // Keyboard moves: arrows, Space/Enter to drop, Escape (or Tab away) to cancel. Handled here, not on
  // the card, because a long move scrolls the lifted card out of the rendered window.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = dnd.getSnapshot();
      if (!state || state.mode !== 'keyboard' || event.defaultPrevented) return;
      const moves: Record<string, [number, number]> = {
        ArrowUp: [0, -1],
        ArrowDown: [0, 1],
        ArrowLeft: [-1, 0],
        ArrowRight: [1, 0],
      };
      const move = moves[event.key];
      if (move) {
        event.preventDefault();
        dnd.moveBy(move[0], move[1]);
      } else if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        ui.dropCard();
      } else if (event.key === 'Escape' || event.key === 'Tab') {
        if (event.key === 'Escape') event.preventDefault();
        focusAfterMove.current = state.programId;
        ui.cancelDrag();
        // Bring the card back into view so it can take the focus again.
        const scroller = document
          .querySelector(
            `[data-drop-list][data-column-id="${CSS.escape(state.from.columnId)}"][data-lane-id="${CSS.escape(state.from.laneId ?? '')}"]`,
          )
          ?.closest<HTMLElement>('[data-scroller]');
        if (scroller && state.from.laneId === null)
          scroller.scrollTop = Math.max(0, state.from.index * ROW - ROW);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dnd, ui]);

  useEffect(() => {
    connection.setOpenProgram(openProgramId);
  }, [connection, openProgramId]);

  if (loadError)
    return (
      <main className="page" id="main">
        <p role="alert" className="error">
          {t('board.loadFailed', { message: pick(loadError) })}
        </p>
        <button type="button" className="button" onClick={() => location.reload()}>
          {t('board.retry')}
        </button>{' '}
        <a
          className="button"
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('nav.boards')}
        </a>
      </main>
    );
  if (!view || !model)
    return (
      <main className="page" id="main" aria-busy="true">
        <p className="loading" role="status">
          {t('board.loading')}
        </p>
        <progress
          className="load-progress"
          aria-label={t('board.loading')}
          max={1}
          {...(loadProgress === null ? {} : { value: loadProgress })}
        />
      </main>
    );

  const filtered = isFiltering(filter);
  return (
    <BoardUiContext.Provider value={ui}>
      <main className="board-page" id="main" tabIndex={-1}>
        <BoardHeader board={view} onPropose={canEdit ? () => setProposing(true) : undefined} past={past} />
        <NomenclatureStatus state={nomenclature} version={view.nomenclatureVersion} />
        <FilterBar
          board={view}
          filter={filter}
          onChange={setFilter}
          model={model}
          summary={summary}
          onToggleSummary={() => setSummary((on) => !on)}
          onShowArchive={() => setArchiveOpen(true)}
        />
        {summary && <SummaryChart columns={model.columns} />}
        <p id="card-instructions" className="visually-hidden">
          {t('card.instructions')}
        </p>
        {model.lanes ? (
          <Lanes model={model} />
        ) : (
          <div className="board" data-testid="board">
            {model.columns.map((column) => (
              <Column key={column.id} column={column} filtered={filtered} />
            ))}
          </div>
        )}
        <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="announcer">
          {announcement}
        </div>
        <Notices />
        <ConflictCenter />
        {openProgramId && <CardEditor programId={openProgramId} onClose={() => setOpenProgramId(null)} />}
        {archiveOpen && (
          <ArchiveDialog
            board={view}
            onClose={() => setArchiveOpen(false)}
            onOpen={(id) => {
              setArchiveOpen(false);
              setOpenProgramId(id);
            }}
          />
        )}
        {proposing && (
          <ProposeDialog
            onClose={() => setProposing(false)}
            onProposed={(id) => {
              setProposing(false);
              setOpenProgramId(id);
            }}
          />
        )}
      </main>
    </BoardUiContext.Provider>
  );
}
