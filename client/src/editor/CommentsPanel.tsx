import { useState, type FormEvent } from 'react';
import type { Opd, Program } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';
import { formatDateTime } from './editor-format';

interface Props {
  program: Program;
  opds: Record<string, Opd>;
  /** Whether this person may comment (auditors and the display only read). */
  canComment: boolean;
}

/** The discussion on a card: oldest first, like the minutes of a meeting; new ones go at the end. */
export function CommentsPanel({ program, opds, canComment }: Props) {
  const { t, pick, language } = useI18n();
  const connection = useConnection();
  const [text, setText] = useState('');
  const [error, setError] = useState<{ message: string; messageEn: string } | null>(null);
  const inputId = `comment-${program.id}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const result = connection.dispatch('CommentOnProgram', { programId: program.id, text });
    if (!result.ok) {
      setError(result.issues[0] ?? result.error);
      return;
    }
    setError(null);
    setText('');
  };

  return (
    <section className="editor-section" aria-labelledby={`comments-${program.id}`}>
      <h3 id={`comments-${program.id}`}>
        {t('editor.comments')} <span className="muted">({program.comments.length})</span>
      </h3>
      {program.comments.length === 0 ? (
        <p className="muted">{t('editor.commentsNone')}</p>
      ) : (
        <ol className="comments" data-testid="comments">
          {program.comments.map((comment) => {
            const opd =
              comment.actor.opdId && Object.hasOwn(opds, comment.actor.opdId)
                ? opds[comment.actor.opdId]!.short
                : comment.actor.opdId;
            const role = t(`role.${comment.actor.role}` as const);
            // Demo accounts are named after their role ("Sekretariat Bappeda"): say it once.
            const who = [role === comment.actor.name ? null : role, opd].filter(Boolean).join(' · ');
            return (
              <li key={comment.id} className="comment">
                <div className="comment-head">
                  <strong>{comment.actor.name}</strong>
                  {who && <span className="muted">{who}</span>}
                  <time dateTime={comment.at} className="muted">
                    {formatDateTime(comment.at, language)}
                  </time>
                </div>
                <p className="comment-text">{comment.text}</p>
              </li>
            );
          })}
        </ol>
      )}
      {canComment && (
        <form className="comment-form" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={inputId}>{t('editor.newComment')}</label>
            <textarea
              id={inputId}
              rows={3}
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${inputId}-error` : undefined}
            />
          </div>
          {error && (
            <p role="alert" id={`${inputId}-error`} className="error">
              {pick(error)}
            </p>
          )}
          <button type="submit" className="button">
            {t('editor.postComment')}
          </button>
        </form>
      )}
    </section>
  );
}
