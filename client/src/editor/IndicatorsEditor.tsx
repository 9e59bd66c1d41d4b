import { useEffect, useRef } from 'react';
import { PLAN_YEARS, type Indicator, type PlanYear } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { uuid } from '../sync/uuid';
import { emptyIndicatorRow, issuesAt, type FieldIssue, type IndicatorRow } from './editor-draft';
import { describedBy, errorId, FieldError, invalidProps, MeanwhileNote } from './fields';

/** The shared schema allows at most this many indicators per program. */
export const MAX_INDICATORS = 30;

/** A fresh indicator id: made here so the row keeps its identity through edits and saves. */
export const newIndicatorId = () => `ind-${uuid().replace(/-/g, '').slice(0, 12)}`;

interface Props {
  idPrefix: string;
  /** Show each indicator's kinerja (the performance statement sub-kegiatan indicators carry). */
  withKinerja?: boolean;
  rows: IndicatorRow[];
  onChange: (rows: IndicatorRow[]) => void;
  issues: readonly FieldIssue[];
  meanwhile: boolean;
  onUseLatest: () => void;
}

/** Indicators: name, unit, baseline and a target per plan year; rows are added and removed here. */
export function IndicatorsEditor({
  idPrefix,
  withKinerja,
  rows,
  onChange,
  issues,
  meanwhile,
  onUseLatest,
}: Props) {
  const { t } = useI18n();
  const focusNext = useRef<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusNext.current === null) return;
    const target =
      focusNext.current === '' ? addRef.current : document.getElementById(`${focusNext.current}-name`);
    focusNext.current = null;
    target?.focus();
  }, [rows]);

  const update = (index: number, patch: Partial<IndicatorRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const add = () => {
    const row = emptyIndicatorRow(newIndicatorId());
    focusNext.current = `${idPrefix}-ind-${row.id}`;
    onChange([...rows, row]);
  };
  const remove = (index: number) => {
    focusNext.current = '';
    onChange(rows.filter((_, i) => i !== index));
  };

  return (
    <section className="field-group indicators" aria-labelledby={`${idPrefix}-indicators-title`}>
      <h3 id={`${idPrefix}-indicators-title`}>{t('editor.indicators')}</h3>
      {rows.length === 0 && <p className="muted">{t('editor.indicatorsNone')}</p>}
      <FieldError inputId={`${idPrefix}-indicators`} issues={issuesAt(issues, 'indicators')} />
      {meanwhile && (
        <MeanwhileNote id={`${idPrefix}-indicators-meanwhile`} latest={null} onUseLatest={onUseLatest} />
      )}
      {rows.map((row, index) => {
        const base = `${idPrefix}-ind-${row.id}`;
        const at = (path: string) => issuesAt(issues, `indicators.${index}.${path}`);
        const input = (key: 'kinerja' | 'name' | 'unit' | 'baseline', label: string, className?: string) => {
          const inputId = `${base}-${key}`;
          const here = at(key);
          return (
            <div className={`field${className ? ` ${className}` : ''}`}>
              <label htmlFor={inputId}>{label}</label>
              <input
                id={inputId}
                value={row[key] ?? ''}
                inputMode={key === 'baseline' ? 'decimal' : undefined}
                onChange={(event) => update(index, { [key]: event.target.value })}
                aria-describedby={describedBy(here.length > 0 && errorId(inputId))}
                {...invalidProps(here)}
              />
              <FieldError inputId={inputId} issues={here} />
            </div>
          );
        };
        return (
          <fieldset key={row.id} className="indicator" data-testid="indicator-row">
            <legend>{t('editor.indicatorN', { n: index + 1 })}</legend>
            {(withKinerja || row.kinerja !== undefined) && input('kinerja', t('rincian.kinerja'))}
            <div className="indicator-fields">
              {input('name', t('editor.indicatorName'), 'grow')}
              {input('unit', t('editor.indicatorUnit'))}
              {input('baseline', t('editor.indicatorBaseline'))}
            </div>
            <table className="editor-table targets-table">
              <caption className="visually-hidden">{t('editor.targetsOf', { n: index + 1 })}</caption>
              <thead>
                <tr>
                  {PLAN_YEARS.map((year) => (
                    <th key={year} scope="col">
                      {t('editor.targetYear', { year })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {PLAN_YEARS.map((year: PlanYear) => {
                    const inputId = `${base}-target-${year}`;
                    const here = at(`targets.${year}`);
                    return (
                      <td key={year}>
                        <input
                          id={inputId}
                          aria-label={t('editor.targetYear', { year })}
                          inputMode="decimal"
                          value={row.targets[year]}
                          onChange={(event) =>
                            update(index, { targets: { ...row.targets, [year]: event.target.value } })
                          }
                          aria-describedby={describedBy(here.length > 0 && errorId(inputId))}
                          {...invalidProps(here)}
                        />
                        <FieldError inputId={inputId} issues={here} />
                      </td>
                    );
                  })}
                </tr>
              </tbody>
            </table>
            <button
              type="button"
              className="button ghost danger small"
              onClick={() => remove(index)}
              aria-label={t('editor.removeIndicatorNamed', {
                n: index + 1,
                name: row.name.trim() || t('editor.indicatorUnnamed'),
              })}
            >
              {t('editor.removeIndicator')}
            </button>
          </fieldset>
        );
      })}
      <button
        ref={addRef}
        type="button"
        className="button"
        onClick={add}
        disabled={rows.length >= MAX_INDICATORS}
      >
        + {t('editor.addIndicator')}
      </button>
    </section>
  );
}

/** Indicators for reading only. */
export function IndicatorsReadOnly({ indicators }: { indicators: readonly Indicator[] }) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 6 });
  const show = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : number.format(value);
  if (indicators.length === 0) return <p className="muted">{t('editor.indicatorsNone')}</p>;
  return (
    <div className="table-scroll">
      <table className="editor-table">
        <caption className="visually-hidden">{t('editor.indicators')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('editor.indicatorName')}</th>
            <th scope="col">{t('editor.indicatorUnit')}</th>
            <th scope="col">{t('editor.indicatorBaseline')}</th>
            {PLAN_YEARS.map((year) => (
              <th key={year} scope="col">
                {year}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => (
            <tr key={indicator.id}>
              <th scope="row">
                {indicator.name}
                {indicator.kinerja && <div className="indicator-kinerja muted">{indicator.kinerja}</div>}
              </th>
              <td>{indicator.unit}</td>
              <td>{show(indicator.baseline)}</td>
              {PLAN_YEARS.map((year) => (
                <td key={year}>{show(indicator.targets[year])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
