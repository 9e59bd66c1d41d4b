import { useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A file input that also takes a dropped file; keyboard users reach the input itself. */
export function FilePicker({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const { t, language } = useI18n();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  const size = (bytes: number) =>
    bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(language === 'en' ? 'en' : 'id-ID')} KB`
      : `${(bytes / 1024 / 1024).toLocaleString(language === 'en' ? 'en' : 'id-ID', { maximumFractionDigits: 1 })} MB`;
  return (
    <div className="import-file">
      <label
        className={`import-drop${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="import-drop"
      >
        <span className="import-drop-title">{t('import.file.label')}</span>
        <span className="muted">{t('import.file.drop')}</span>
        <input
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            if (chosen) onFile(chosen);
          }}
          data-testid="import-file"
        />
      </label>
      <p className="muted">
        {file ? t('import.file.chosen', { name: file.name, size: size(file.size) }) : t('import.file.limit')}
      </p>
    </div>
  );
}
