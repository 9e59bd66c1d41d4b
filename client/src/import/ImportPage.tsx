import { useCallback, useEffect, useState } from 'react';
import type { BoardResponse, BoardState, ImportMapping, ImportPreview, ImportResult } from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { boardPath, navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { FilePicker, MAX_IMPORT_BYTES } from './FilePicker';
import { confirmImport, previewImport } from './import-api';
import { MappingStep } from './MappingStep';
import { Actions, ConfirmBar } from './ImportControls';
import { PreviewTable } from './PreviewTable';
import './import.css';

type Step =
  | { kind: 'choose' }
  | { kind: 'uploading'; percent: number | null }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'confirming'; preview: ImportPreview; done: number; total: number }
  | { kind: 'result'; preview: ImportPreview; status: number; result: ImportResult }
  | { kind: 'refused'; message: string };

/**
 * Impor (issue 11 §3): choose or drop a file, upload it for a preview (nothing is written), answer the
 * mapping step when a column is not recognised, read the preview, confirm; the batch's progress and its
 * result. The server plans and applies; this page only shows what it says.
 */
export function ImportPage({
  boardId,
  session,
  onUnauthorized,
}: {
  boardId: string;
  session: Session;
  onUnauthorized: () => void;
}) {
  const { t, pick } = useI18n();
  const [board, setBoard] = useState<BoardState | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [opdId, setOpdId] = useState<string | null>(session.user.role === 'opd' ? session.user.opdId : null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [skipErrors, setSkipErrors] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mayImport = session.user.role === 'sekretariat' || session.user.role === 'opd';

  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof HttpError && error.status === 401) onUnauthorized();
      return error instanceof HttpError ? pick(error.body) : (error as Error).message;
    },
    [onUnauthorized, pick],
  );

  useEffect(() => {
    api<BoardResponse>(`/api/boards/${encodeURIComponent(boardId)}`, { token: session.token })
      .then((answer) => setBoard(answer.board))
      .catch((error: unknown) => setProblem(fail(error)));
  }, [boardId, session.token, fail]);

  const upload = async (answers: ImportMapping = mapping) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setProblem(t('import.file.tooLarge', { name: file.name }));
      return;
    }
    setProblem(null);
    setMapping(answers);
    setSkipErrors(false);
    setStep({ kind: 'uploading', percent: 0 });
    try {
      const preview = await previewImport(
        boardId,
        { file, opdId, mapping: answers },
        session.token,
        (fraction) =>
          setStep({ kind: 'uploading', percent: fraction >= 1 ? null : Math.round(fraction * 100) }),
      );
      setStep({ kind: 'preview', preview });
    } catch (error) {
      setProblem(fail(error));
      setStep({ kind: 'choose' });
    }
  };

  const confirm = async (preview: ImportPreview) => {
    if (!file) return;
    setStep({ kind: 'confirming', preview, done: 0, total: preview.commands.length });
    try {
      const outcome = await confirmImport(
        boardId,
        { file, opdId, mapping },
        preview,
        skipErrors,
        session.token,
        (done, total) => setStep({ kind: 'confirming', preview, done, total }),
      );
      if (outcome.kind === 'refused') setStep({ kind: 'refused', message: fail(outcome.error) });
      else setStep({ kind: 'result', preview, status: outcome.status, result: outcome.result });
    } catch (error) {
      setStep({ kind: 'refused', message: fail(error) });
    }
  };

  const restart = () => {
    setStep({ kind: 'choose' });
    setFile(null);
    setMapping({});
  };

  const opdName = (id: string | null) => (id ? (board?.opds[id]?.name ?? id) : '');
  const busy = step.kind === 'uploading' || step.kind === 'confirming';
  return (
    <main className="page import-page" id="main">
      <p>
        <a
          href={boardPath(boardId)}
          onClick={(e) => {
            e.preventDefault();
            navigate(boardPath(boardId));
          }}
        >
          ← {board?.title ?? boardId}
        </a>
      </p>
      <h1>{t('import.title')}</h1>
      {board?.sample && <span className="badge sample">{t('board.sample')}</span>}
      <p className="muted">{t('import.intro')}</p>
      {!mayImport && (
        <p className="error" role="alert">
          {t('import.forbidden')}
        </p>
      )}
      {mayImport && (step.kind === 'choose' || step.kind === 'uploading' || step.kind === 'preview') && (
        <form
          className="import-choose"
          onSubmit={(event) => {
            event.preventDefault();
            void upload({});
          }}
        >
          {session.user.role === 'opd' ? (
            <p>{t('import.opd.own', { opd: opdName(session.user.opdId) })}</p>
          ) : (
            <label>
              {t('import.opd.label')}
              <select
                value={opdId ?? ''}
                onChange={(event) => setOpdId(event.currentTarget.value || null)}
                data-testid="import-opd"
              >
                <option value="">{t('import.opd.fromFile')}</option>
                {board &&
                  Object.values(board.opds).map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <FilePicker
            file={file}
            onFile={(chosen) => {
              setFile(chosen);
              setStep({ kind: 'choose' });
            }}
          />
          <button
            type="submit"
            className="button primary"
            disabled={!file || busy}
            data-testid="import-upload"
          >
            {t('import.upload')}
          </button>
        </form>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="import-problem">
          {problem}
        </p>
      )}
      {step.kind === 'uploading' && (
        <p role="status" className="import-progress">
          <progress max={100} {...(step.percent === null ? {} : { value: step.percent })} />{' '}
          {step.percent === null ? t('import.reading') : t('import.uploading', { percent: step.percent })}
        </p>
      )}
      {step.kind === 'preview' && step.preview.needsMapping && (
        <MappingStep
          key={step.preview.digest}
          preview={step.preview}
          mapping={mapping}
          onApply={(answers) => void upload(answers)}
        />
      )}
      {step.kind === 'preview' && !step.preview.needsMapping && (
        <>
          <PreviewTable preview={step.preview} board={board} />
          <ConfirmBar
            preview={step.preview}
            skipErrors={skipErrors}
            onSkipErrors={setSkipErrors}
            onConfirm={() => void confirm(step.preview)}
          />
        </>
      )}
      {step.kind === 'confirming' && (
        <p role="status" className="import-progress" data-testid="import-confirming">
          <progress max={Math.max(1, step.total)} value={step.done} />{' '}
          {t('import.confirming', { done: step.done, total: step.total })}
        </p>
      )}
      {step.kind === 'result' && (
        <section role="status" className="import-result" data-testid="import-result">
          {step.result.status === 'done' ? (
            <p className="import-done">
              {t('import.done', {
                applied: step.result.applied,
                events: step.result.events,
                revision: step.result.revision,
              })}
            </p>
          ) : (
            <>
              <p className="error">
                {t('import.partial', {
                  rows: step.result.failure?.rows.join(', ') ?? '?',
                  message: step.result.failure ? pick(step.result.failure) : '',
                })}
              </p>
              <p>{t('import.partialHint')}</p>
            </>
          )}
          <Actions boardId={boardId} onAgain={() => void upload()} onAnother={restart} />
        </section>
      )}
      {step.kind === 'refused' && (
        <section className="import-result">
          <p className="error" role="alert" data-testid="import-refused">
            {t('import.refused', { message: step.message })}
          </p>
          <Actions boardId={boardId} onAgain={() => void upload()} onAnother={restart} />
        </section>
      )}
    </main>
  );
}
