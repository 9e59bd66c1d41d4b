import type { Opd, Program } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { IndicatorsReadOnly } from './IndicatorsEditor';
import { PaguReadOnly } from './PaguTable';

/**
 * The card's fields for someone who may only read (auditor, meeting display) or for an archived card:
 * the same information as the form, with nothing that could change it.
 */
export function EditorReadOnly({ program, opds }: { program: Program; opds: Record<string, Opd> }) {
  const { t } = useI18n();
  const opd = Object.hasOwn(opds, program.opdId) ? opds[program.opdId]!.name : program.opdId;
  const notSet = <span className="muted">{t('common.notSet')}</span>;
  return (
    <div className="editor-readonly" data-testid="editor-readonly">
      <dl className="editor-facts">
        <dt>{t('editor.code')}</dt>
        <dd className="card-code">{program.code}</dd>
        <dt>{t('editor.title')}</dt>
        <dd>{program.title}</dd>
        <dt>{t('editor.opd')}</dt>
        <dd>{opd}</dd>
        <dt>{t('editor.sumberDana')}</dt>
        <dd>{program.sumberDana ?? notSet}</dd>
        <dt>{t('editor.lokasi')}</dt>
        <dd>{program.lokasi.length > 0 ? program.lokasi.join(', ') : notSet}</dd>
      </dl>
      <PaguReadOnly pagu={program.pagu} />
      <section className="field-group">
        <h3>{t('editor.indicators')}</h3>
        <IndicatorsReadOnly indicators={program.indicators} />
      </section>
      <section className="field-group">
        <h3>{t('editor.notes')}</h3>
        {program.notes.trim() ? <p className="editor-notes">{program.notes}</p> : <p>{notSet}</p>}
      </section>
    </div>
  );
}
