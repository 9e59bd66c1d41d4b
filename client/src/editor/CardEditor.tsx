import { useEffect, useRef, useState, type Dispatch, type KeyboardEvent, type SetStateAction } from 'react';
import { mayChangeProgram, type Column, type Opd, type Program, type ReferenceList } from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { useI18n } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../sync/board-connection';
import { useBoardSelector, useMembersOn, useProgram } from '../sync/use-connection';
import { Dialog } from './Dialog';
import { ArchivedBanner, ArchiveSection, StageSelect } from './EditorActions';
import { boardNomenclature } from './editor-codes';
import { emptyDraft, hasUnsavedWork, type Draft } from './editor-draft';
import { formatDateTime } from './editor-format';
import { EditorForm } from './EditorForm';
import { EditorReadOnly } from './EditorReadOnly';
import { CommentsPanel } from './CommentsPanel';
import { TagsEditor } from './TagsEditor';
import { EyeIcon } from '../board/icons';
import { HistoryPanel } from '../audit/HistoryPanel';
import { RincianSection } from './rincian/RincianSection';

// Selectors return what the snapshot holds, so the editor re-renders only when these parts change.
const selectOpds = (s: ConnectionSnapshot) => s.view?.opds;
const selectLists = (s: ConnectionSnapshot) => s.view?.referenceLists;
const selectColumns = (s: ConnectionSnapshot) => s.view?.columns;
const selectVersion = (s: ConnectionSnapshot) => s.view?.nomenclatureVersion;
const noOpds: Record<string, Opd> = {};
const noLists: Record<string, ReferenceList> = {};
const noColumns: Column[] = [];

/** The card editor: a modal side panel with every field of one program, its tags, stage and comments. */
export function CardEditor({ programId, onClose }: { programId: string; onClose: () => void }) {
  // Keyed by program: another card gets a fresh draft, never the previous card's typing.
  return <CardEditorPanel key={programId} programId={programId} onClose={onClose} />;
}

function CardEditorPanel({ programId, onClose }: { programId: string; onClose: () => void }) {
  const program = useProgram(programId);
  const ui = useBoardUi();
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [askingDiscard, setAskingDiscard] = useState(false);
  const titleId = `editor-title-${programId}`;

  const requestClose = () => {
    if (hasUnsavedWork(draft)) setAskingDiscard(true);
    else onClose();
  };
  // Back to the card that opened the editor, found again by id: the virtualised column may have
  // re-rendered it since.
  const returnFocus = () =>
    document.querySelector<HTMLElement>(`[data-testid="card"][data-program-id="${CSS.escape(programId)}"]`);

  return (
    <Dialog
      titleId={titleId}
      title={
        program ? (
          <>
            <span className="card-code">{program.code}</span> {program.title}
          </>
        ) : (
          t('editor.notFoundTitle')
        )
      }
      onClose={requestClose}
      testId="card-editor"
      closeTestId="editor-close"
      wide
      returnFocus={returnFocus}
    >
      {askingDiscard && <DiscardQuestion onDiscard={onClose} onKeepEditing={() => setAskingDiscard(false)} />}
      {program ? (
        <EditorBody
          program={program}
          draft={draft}
          setDraft={setDraft}
          canEdit={ui.canEdit && mayChangeProgram(ui.session.user, program)}
        />
      ) : (
        <p className="muted">{t('editor.notFound')}</p>
      )}
    </Dialog>
  );
}

function EditorBody({
  program,
  draft,
  setDraft,
  canEdit,
}: {
  program: Program;
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  canEdit: boolean;
}) {
  const ui = useBoardUi();
  const { t, language } = useI18n();
  const opds = useBoardSelector(selectOpds) ?? noOpds;
  const lists = useBoardSelector(selectLists) ?? noLists;
  const columns = useBoardSelector(selectColumns) ?? noColumns;
  const nomenclature = boardNomenclature(useBoardSelector(selectVersion));
  const others = useMembersOn(program.id, ui.session.user.id);
  // Archived cards are read-only until restored (the rules refuse changes to them anyway).
  const editable = canEdit && !program.archived;
  const opdName = (id: string | null) => (id && Object.hasOwn(opds, id) ? opds[id]!.short : id);
  const column = columns.find((c) => c.id === program.columnId);

  return (
    <div className="editor-body">
      {others.length > 0 && (
        <p className="editor-presence" data-testid="editor-presence">
          <EyeIcon />
          {t('editor.alsoOpenBy', {
            names: others.map((m) => (m.opdId ? `${m.name} (${opdName(m.opdId)})` : m.name)).join(', '),
          })}
        </p>
      )}
      {program.archived && <ArchivedBanner program={program} canRestore={canEdit} />}
      <p className="editor-meta muted">
        {t('editor.proposedBy', {
          name: program.proposedBy.name,
          date: formatDateTime(program.proposedAt, language),
        })}
        {' · '}
        {t('editor.lastChanged', {
          date: formatDateTime(program.updatedAt, language),
          revision: program.updatedRevision,
        })}
      </p>
      {!canEdit && (
        <p className="editor-readonly-note">{ui.canEdit ? t('editor.otherOpd') : t('editor.readOnly')}</p>
      )}
      {editable ? (
        <StageSelect program={program} columns={columns} />
      ) : (
        <p className="editor-stage">
          {t('editor.stage')}: <strong>{column?.title ?? program.columnId}</strong>
        </p>
      )}
      {editable ? (
        <EditorForm
          program={program}
          opds={opds}
          nomenclature={nomenclature}
          draft={draft}
          setDraft={setDraft}
        />
      ) : (
        <EditorReadOnly program={program} opds={opds} />
      )}
      <RincianSection program={program} editable={editable} />
      <TagsEditor program={program} lists={lists} editable={editable} />
      {/* Anyone who writes may comment on any program; changing it is for its OPD and Bappeda. */}
      <CommentsPanel program={program} opds={opds} canComment={ui.canEdit} />
      {editable && <ArchiveSection program={program} />}
      {ui.session.user.role !== 'display' && <HistoryPanel program={program} />}
    </div>
  );
}

/** Closing with unsaved typing asks first; the safe answer has the focus. */
function DiscardQuestion({ onDiscard, onKeepEditing }: { onDiscard: () => void; onKeepEditing: () => void }) {
  const { t } = useI18n();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Escape answers "keep editing" here instead of asking the panel to close again.
    event.stopPropagation();
    onKeepEditing();
  };
  return (
    <div className="editor-discard" role="alert" onKeyDown={onKeyDown} data-testid="editor-discard">
      <p>{t('editor.discardQuestion')}</p>
      <div className="button-row">
        <button ref={keep} type="button" className="button primary" onClick={onKeepEditing}>
          {t('editor.keepEditing')}
        </button>
        <button type="button" className="button danger" onClick={onDiscard}>
          {t('editor.discardAndClose')}
        </button>
      </div>
    </div>
  );
}
