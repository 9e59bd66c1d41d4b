import { useCallback, useMemo, useState } from 'react';
import { searchNomenclature, type Nomenclature, type NomenclatureEntry, type Program } from '@selaras/shared';
import { useBoardUi } from '../../board/board-context';
import { useI18n } from '../../i18n/i18n';
import { CodeCombobox } from '../../nomenclature/CodeCombobox';
import { useConnection } from '../../sync/use-connection';
import { newIndicatorId } from '../IndicatorsEditor';
import { prefillIndicator } from './rincian-draft';

interface Props {
  program: Program;
  level: 'kegiatan' | 'subKegiatan';
  /** The program's code (for a kegiatan) or the kegiatan's (for a sub-kegiatan). */
  under: string;
  /** Codes already on the program at this level: offered but not choosable. */
  existing: readonly string[];
  nomenclature: Nomenclature;
}

/**
 * Adds a kegiatan under the program, or a sub-kegiatan under a kegiatan: search the board's list under
 * that code as you type, choose with the arrows and Enter (or a click), and it is added at once; the
 * field empties and keeps the focus for the next one. A sub-kegiatan comes with the indicator the
 * decree gives it (kinerja, indikator, satuan), targets left empty.
 */
export function RincianPicker({ program, level, under, existing, nomenclature }: Props) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = `add-${level}-${program.id}-${under.replace(/\./g, '-')}`;
  const search = useCallback(
    (query: string) => searchNomenclature(nomenclature, { query, under, levels: [level], limit: 50 }),
    [nomenclature, under, level],
  );
  const unavailable = useMemo(
    () => new Map(existing.map((code) => [code, t('rincian.alreadyThere')])),
    [existing, t],
  );

  const add = (entry: NomenclatureEntry | undefined) => {
    if (!entry) {
      setError(t('rincian.chooseFirst'));
      return;
    }
    const result =
      level === 'kegiatan'
        ? connection.dispatch('AddKegiatan', { programId: program.id, code: entry.code })
        : connection.dispatch('AddSubKegiatan', {
            programId: program.id,
            code: entry.code,
            indicators: [prefillIndicator(entry, newIndicatorId())].filter((i) => i !== undefined),
          });
    if (!result.ok) {
      setError(pick(result.error));
      return;
    }
    setError(null);
    setText('');
    ui.announce(
      t(level === 'kegiatan' ? 'rincian.kegiatanAdded' : 'rincian.subAdded', {
        code: entry.code,
        title: entry.title,
      }),
    );
  };

  const label = t(level === 'kegiatan' ? 'rincian.kegiatanSearch' : 'rincian.subSearch', { code: under });
  return (
    <div className={`rincian-add rincian-add-${level}`} data-testid={`add-${level}`}>
      <label htmlFor={inputId}>{label}</label>
      <div className="rincian-add-row">
        <CodeCombobox
          inputId={inputId}
          value={text}
          onChange={(next) => {
            setText(next);
            setError(null);
          }}
          onSelect={add}
          search={search}
          unavailable={unavailable}
          describedBy={error ? `${inputId}-error` : undefined}
          invalid={error !== null}
          testId={`add-${level}-input`}
        />
        <button
          type="button"
          className="button"
          onClick={() => add(nomenclature.entries.get(text.trim()) ?? search(text)[0])}
        >
          + {t(level === 'kegiatan' ? 'rincian.addKegiatan' : 'rincian.addSub')}
        </button>
      </div>
      {error && (
        <p id={`${inputId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
