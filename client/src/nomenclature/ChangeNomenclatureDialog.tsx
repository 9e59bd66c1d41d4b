import { useEffect, useState } from 'react';
import {
  decide,
  parseCommand,
  type BoardState,
  type EventOfType,
  type NomenclatureVersionSummary,
} from '@selaras/shared';
import { HttpError } from '../api/http';
import { useBoardUi } from '../board/board-context';
import { Dialog } from '../editor/Dialog';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';
import { listNomenclatures, loadNomenclature } from './load-nomenclature';

type Preview = EventOfType<'NomenclatureChanged'>['data'];
const SHOWN_ROWS = 100;

/**
 * The secretariat moves the board to another nomenclature version (a newer decree): pick a version the
 * server knows, see what the move would rename, retitle or leave without a code (the shared `decide` run
 * on the board as it is, so the preview is the event that will be recorded), and confirm.
 */
export function ChangeNomenclatureDialog({ board, onClose }: { board: BoardState; onClose: () => void }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [versions, setVersions] = useState<NomenclatureVersionSummary[] | null>(null);
  const [version, setVersion] = useState('');
  const [preview, setPreview] = useState<Preview | 'loading' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const auth = { token: ui.session.token };

  useEffect(() => {
    let live = true;
    listNomenclatures(auth)
      .then((list) => live && setVersions(list))
      .catch((e: unknown) => live && setError(e instanceof HttpError ? pick(e.body) : String(e)));
    return () => {
      live = false;
    };
    // Once per opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = (next: string) => {
    setVersion(next);
    setError(null);
    if (!next || next === board.nomenclatureVersion) {
      setPreview(null);
      return;
    }
    setPreview('loading');
    loadNomenclature(next, auth)
      .then(() => {
        const parsed = parseCommand('ChangeNomenclature', { version: next });
        if (!parsed.success) throw new Error(parsed.issues[0]?.message);
        const decision = decide(parsed.command, board, {
          actor: ui.session.user,
          now: new Date().toISOString(),
          newId: () => 'preview',
        });
        if (!decision.ok) throw new Error(pick(decision.error));
        const event = decision.events[0];
        setPreview(event?.type === 'NomenclatureChanged' ? event.data : null);
      })
      .catch((e: unknown) => {
        setPreview(null);
        setError(e instanceof HttpError ? pick(e.body) : (e as Error).message);
      });
  };

  const confirm = () => {
    const result = connection.dispatch('ChangeNomenclature', { version });
    if (!result.ok) {
      setError(pick(result.error));
      return;
    }
    ui.announce(t('nomen.done', { version }));
    onClose();
  };

  const ready = preview !== null && preview !== 'loading';
  return (
    <Dialog title={t('nomen.title')} onClose={onClose} testId="nomenclature-dialog" wide>
      <div className="editor-form">
        <p>{t('nomen.current', { version: board.nomenclatureVersion })}</p>
        {versions === null && !error && <p role="status">{t('nomen.loadingList')}</p>}
        {versions && (
          <div className="field">
            <label htmlFor="nomen-version">{t('nomen.choose')}</label>
            <select
              id="nomen-version"
              value={version}
              onChange={(e) => choose(e.target.value)}
              data-autofocus=""
            >
              <option value="" />
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} — {v.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="field-hint">{t('nomen.addHint')}</p>
        {version === board.nomenclatureVersion && version !== '' && <p role="status">{t('nomen.same')}</p>}
        {preview === 'loading' && <p role="status">{t('nomen.loadingVersion', { version })}</p>}
        {error && (
          <p role="alert" className="error">
            {t('nomen.failed', { message: error })}
          </p>
        )}
        {ready && <PreviewTables preview={preview} />}
        <div className="editor-savebar">
          <button
            type="button"
            className="button primary"
            disabled={!ready}
            onClick={confirm}
            data-testid="nomenclature-confirm"
          >
            {t('nomen.confirm')}
          </button>
          <button type="button" className="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function PreviewTables({ preview }: { preview: Preview }) {
  const { t } = useI18n();
  const nothing = preview.renamed.length + preview.retitled.length + preview.removed.length === 0;
  return (
    <section aria-labelledby="nomen-preview" data-testid="nomenclature-preview">
      <h3 id="nomen-preview">{t('nomen.preview')}</h3>
      {nothing ? (
        <p>{t('nomen.nothing')}</p>
      ) : (
        <ul>
          <li>{t('nomen.renamed', { count: preview.renamed.length })}</li>
          <li>{t('nomen.retitled', { count: preview.retitled.length })}</li>
          <li>{t('nomen.removed', { count: preview.removed.length })}</li>
        </ul>
      )}
      {preview.retitled.length > 0 && (
        <div className="table-scroll">
          <table className="editor-table">
            <caption>{t('nomen.retitled', { count: preview.retitled.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nomen.colCode')}</th>
                <th scope="col">{t('nomen.colBefore')}</th>
                <th scope="col">{t('nomen.colAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.retitled.slice(0, SHOWN_ROWS).map((r) => (
                <tr key={r.code}>
                  <th scope="row" className="card-code">
                    {r.code}
                  </th>
                  <td>{r.before}</td>
                  <td>{r.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.removed.length > 0 && (
        <p>
          {t('nomen.removed', { count: preview.removed.length })}:{' '}
          {preview.removed.slice(0, SHOWN_ROWS).join(', ')}
          {preview.removed.length > SHOWN_ROWS && ' …'}
        </p>
      )}
    </section>
  );
}
