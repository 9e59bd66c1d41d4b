import { useEffect, useState } from 'react';
import type { BoardState } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import type { BoardModel } from './derive';
import { ChartIcon } from './icons';
import { EMPTY_FILTER, isFiltering, type BoardFilter } from './filters';

interface Option {
  value: string;
  label: string;
}

export function FilterBar({
  board,
  filter,
  onChange,
  model,
  summary,
  onToggleSummary,
  onShowArchive,
}: {
  board: BoardState;
  filter: BoardFilter;
  onChange: (filter: BoardFilter) => void;
  model: BoardModel;
  summary: boolean;
  onToggleSummary: () => void;
  onShowArchive: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(filter.q);
  const archivedCount = Object.keys(board.programs).length - model.total;
  useEffect(() => setText(filter.q), [filter.q]);
  useEffect(() => {
    if (text === filter.q) return;
    const timer = setTimeout(() => onChange({ ...filter, q: text }), 150);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const opdOptions: Option[] = Object.values(board.opds).map((o) => ({
    value: o.id,
    label: `${o.short} — ${o.name}`,
  }));
  const tagOptions: Option[] = Object.values(board.referenceLists).flatMap((list) =>
    list.items.map((item) => ({ value: `${list.id}:${item.id}`, label: `${item.code} · ${item.short}` })),
  );
  const stageOptions: Option[] = board.columns.map((c) => ({ value: c.id, label: c.title }));

  return (
    <div className="filter-bar" role="search" aria-label={t('filter.title')}>
      <input
        type="search"
        className="filter-search"
        placeholder={t('filter.search')}
        aria-label={t('filter.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="filter-search"
      />
      <MultiSelect
        name="opd"
        label={t('filter.opd')}
        options={opdOptions}
        selected={filter.opd}
        onChange={(opd) => onChange({ ...filter, opd })}
      />
      <MultiSelect
        name="tag"
        label={t('filter.tag')}
        options={tagOptions}
        selected={filter.tag}
        onChange={(tag) => onChange({ ...filter, tag })}
      />
      <MultiSelect
        name="stage"
        label={t('filter.stage')}
        options={stageOptions}
        selected={filter.stage}
        onChange={(stage) => onChange({ ...filter, stage })}
      />
      <label className="toggle">
        <input
          type="checkbox"
          checked={filter.group === 'opd'}
          onChange={(e) => onChange({ ...filter, group: e.target.checked ? 'opd' : 'none' })}
          data-testid="group-by-opd"
        />
        {t('filter.groupByOpd')}
      </label>
      {isFiltering(filter) && (
        <button
          type="button"
          className="button ghost"
          onClick={() => onChange({ ...EMPTY_FILTER, group: filter.group })}
        >
          {t('filter.clear')}
        </button>
      )}
      <button
        type="button"
        className="button ghost"
        aria-pressed={summary}
        onClick={onToggleSummary}
        data-testid="summary-toggle"
      >
        <ChartIcon /> {t('summary.show')}
      </button>
      <button type="button" className="button ghost" onClick={onShowArchive} data-testid="archive-toggle">
        {t('archive.button', { count: archivedCount })}
      </button>
      <span className="muted filter-count" role="status" data-testid="filter-count">
        {t('filter.showing', { count: model.visible, total: model.total })}
      </span>
    </div>
  );
}

function MultiSelect({
  name,
  label,
  options,
  selected,
  onChange,
}: {
  name: string;
  label: string;
  options: Option[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const { t } = useI18n();
  const chosen = new Set(selected);
  return (
    <details className="multi-select" data-testid={`filter-${name}`}>
      <summary>
        {label}: {selected.length === 0 ? t('filter.all') : t('filter.selected', { count: selected.length })}
      </summary>
      <fieldset>
        <legend className="visually-hidden">{label}</legend>
        {options.map((option) => (
          <label key={option.value}>
            <input
              type="checkbox"
              value={option.value}
              checked={chosen.has(option.value)}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value),
                )
              }
            />
            {option.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
