import { useState } from 'react';
import type { Program, ReferenceList } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';

interface Props {
  program: Program;
  lists: Record<string, ReferenceList>;
  /** Whether ticking sends anything (false: auditor, display, archived card). */
  editable: boolean;
}

/**
 * Alignment to the board's reference lists (Asta Cita, misi and program prioritas Bupati, PHTC, …).
 * Ticking a box tags the program at once (TagProgram / UntagProgram): no save button to forget.
 */
export function TagsEditor({ program, lists, editable }: Props) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const [error, setError] = useState<{ message: string; messageEn: string } | null>(null);
  const tagged = (listId: string, itemId: string) =>
    program.tags.some((tag) => tag.listId === listId && tag.itemId === itemId);

  const toggle = (listId: string, itemId: string, on: boolean) => {
    const result = connection.dispatch(on ? 'TagProgram' : 'UntagProgram', {
      programId: program.id,
      listId,
      itemId,
    });
    setError(result.ok ? null : result.error);
  };

  return (
    <section className="editor-section" aria-labelledby={`tags-${program.id}`}>
      <h3 id={`tags-${program.id}`}>{t('editor.tags')}</h3>
      {error && (
        <p role="alert" className="error">
          {pick(error)}
        </p>
      )}
      {Object.values(lists).map((list) => (
        <fieldset key={list.id} className="tag-list" data-testid={`tag-list-${list.id}`}>
          <legend title={list.source || undefined}>{list.title}</legend>
          {list.items.length === 0 ? (
            <p className="muted">{t('editor.tagsEmptyList')}</p>
          ) : editable ? (
            <div className="tag-items">
              {list.items.map((item) => (
                <label key={item.id} className="check" title={item.label}>
                  <input
                    type="checkbox"
                    checked={tagged(list.id, item.id)}
                    onChange={(event) => toggle(list.id, item.id, event.target.checked)}
                  />
                  <span className="tag-code">{item.code}</span> {item.short}
                </label>
              ))}
            </div>
          ) : (
            <ReadOnlyTags
              items={list.items.filter((item) => tagged(list.id, item.id))}
              none={t('editor.tagsNone')}
            />
          )}
        </fieldset>
      ))}
    </section>
  );
}

function ReadOnlyTags({ items, none }: { items: ReferenceList['items']; none: string }) {
  if (items.length === 0) return <p className="muted">{none}</p>;
  return (
    <ul className="tag-readonly">
      {items.map((item) => (
        <li key={item.id} title={item.label}>
          <span className="tag-code">{item.code}</span> {item.short}
        </li>
      ))}
    </ul>
  );
}
