import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { BoardState } from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { useI18n, type Language, type Translate } from '../i18n/i18n';
import type { PendingCommand } from '../sync/board-sync';
import { useConnection } from '../sync/use-connection';
import { changedByText, fieldLabel, formatValue, subjectText } from './conflict-format';
import {
  analyzeConflict,
  buildReplacement,
  chooseAll,
  type Choice,
  type ConflictRow,
} from './conflict-resolution';
import { Dialog } from './Dialog';

interface Props {
  pending: PendingCommand;
  confirmed: BoardState;
  /** "Decide later" (and Escape): only closes; the command stays pending and saved. */
  onClose: () => void;
}

/**
 * Theirs and mine side by side, one row per field both changed, a choice per row (mine by default, so
 * closing or applying without looking loses nothing the person typed). The rows are recomputed from
 * the confirmed board on every render: if someone changes the field again meanwhile, theirs updates.
 */
export function ConflictView({ pending, confirmed, onClose }: Props) {
  const { t, language } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  // Where the person was before the view opened (it may open by itself while they work elsewhere).
  const [before] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  // A ref, not state: the view unmounts in the same update that applies, so no render would see state.
  const resolved = useRef(false);
  const analysis = useMemo(() => analyzeConflict(pending, confirmed), [pending, confirmed]);
  const replacement = buildReplacement(pending, confirmed, choices);
  const subject = subjectText(analysis.subject, t);
  const choose = (key: string, choice: Choice) => setChoices((prev) => ({ ...prev, [key]: choice }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    resolved.current = true;
    connection.resolveConflict(pending.commandId, replacement);
    ui.announce(t(replacement ? 'conflict.applied.sent' : 'conflict.applied.dropped', { subject }));
    onClose();
  };

  const returnFocus = () => {
    const banner = (id?: string) =>
      document.querySelector<HTMLElement>(
        id
          ? `[data-conflict-open="${CSS.escape(id)}"]`
          : `[data-conflict-open]:not([data-conflict-open="${CSS.escape(pending.commandId)}"])`,
      );
    if (!resolved.current && before?.isConnected && before !== document.body) return before;
    // Its banner button is gone once resolved: the next conflict, else the board.
    return (resolved.current ? banner() : banner(pending.commandId)) ?? document.getElementById('main');
  };

  return (
    <Dialog
      title={t('conflict.title')}
      onClose={onClose}
      testId="conflict-view"
      wide
      returnFocus={returnFocus}
    >
      <p className="conflict-subject" data-testid="conflict-subject">
        {subject}
      </p>
      <p className="muted">{t('conflict.intro')}</p>
      <form onSubmit={apply} className="conflict-form">
        {analysis.rows.length > 0 ? (
          <div className="conflict-shortcuts">
            <button
              type="button"
              className="button ghost"
              onClick={() => setChoices(chooseAll(analysis, 'mine'))}
            >
              {t('conflict.allMine')}
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => setChoices(chooseAll(analysis, 'theirs'))}
            >
              {t('conflict.allTheirs')}
            </button>
          </div>
        ) : (
          <p>{t('conflict.noRows')}</p>
        )}
        {analysis.rows.map((row) => (
          <FieldRow
            key={row.key}
            row={row}
            name={`${pending.commandId}:${row.key}`}
            choice={choices[row.key] ?? 'mine'}
            onChoose={(choice) => choose(row.key, choice)}
            board={confirmed}
            language={language}
            t={t}
          />
        ))}
        {analysis.alsoSaved.length > 0 && (
          <p className="conflict-also" data-testid="conflict-also">
            {t('conflict.alsoSaved', {
              fields: analysis.alsoSaved.map((s) => fieldLabel(s.field, confirmed, t)).join(', '),
            })}
          </p>
        )}
        {replacement === null && (
          <p className="conflict-nothing" role="status">
            {t('conflict.nothingLeft')}
          </p>
        )}
        <div className="conflict-actions">
          <button type="submit" className="button primary" data-testid="conflict-apply">
            {t('conflict.apply')}
          </button>
          <button type="button" className="button" onClick={onClose} data-testid="conflict-later">
            {t('conflict.later')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface RowProps {
  row: ConflictRow;
  name: string;
  choice: Choice;
  onChoose: (choice: Choice) => void;
  board: BoardState;
  language: Language;
  t: Translate;
}

function FieldRow({ row, name, choice, onChoose, board, language, t }: RowProps) {
  const labelId = useId();
  const label = fieldLabel(row.field, board, t);
  const side = (which: Choice) => (
    <div className={`conflict-side${choice === which ? ' conflict-chosen' : ''}`} data-side={which}>
      <p className="conflict-side-title">{t(which === 'theirs' ? 'conflict.theirs' : 'conflict.mine')}</p>
      <p className="conflict-value" data-testid={`conflict-${which}`}>
        {formatValue(which === 'theirs' ? row.theirs : row.mine, board, language, t)}
      </p>
      {which === 'theirs' && (
        <p className="conflict-who muted" data-testid="conflict-who">
          {changedByText(row.changedBy, board, language, t)}
        </p>
      )}
      <label className="conflict-choice">
        <input
          type="radio"
          name={name}
          value={which}
          data-choice={which}
          checked={choice === which}
          onChange={() => onChoose(which)}
        />{' '}
        {t(which === 'theirs' ? 'conflict.useTheirs' : 'conflict.useMine')}
      </label>
    </div>
  );
  return (
    <fieldset
      className="conflict-field"
      data-testid="conflict-field"
      data-key={row.key}
      role="radiogroup"
      aria-labelledby={labelId}
    >
      <legend id={labelId} className="conflict-field-name">
        {label}
      </legend>
      <div className="conflict-sides">
        {side('theirs')}
        {side('mine')}
      </div>
    </fieldset>
  );
}
