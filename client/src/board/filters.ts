/** What the board shows; lives in the URL so a link opens the same view. */
export interface BoardFilter {
  /** OPD ids; empty = all. */
  opd: string[];
  /** Alignment tags as `listId:itemId`; a program matches if it has any of them. Empty = all. */
  tag: string[];
  /** Column (stage) ids; empty = all. */
  stage: string[];
  /** Free text over code, nomenklatur, OPD and lokasi. */
  q: string;
  /** Swimlanes: one row per OPD. */
  group: 'none' | 'opd';
}

export const EMPTY_FILTER: BoardFilter = { opd: [], tag: [], stage: [], q: '', group: 'none' };

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

export function filterFromSearch(search: string): BoardFilter {
  const params = new URLSearchParams(search);
  return {
    opd: list(params.get('opd')),
    tag: list(params.get('tag')),
    stage: list(params.get('stage')),
    q: params.get('q') ?? '',
    group: params.get('group') === 'opd' ? 'opd' : 'none',
  };
}

const FILTER_KEYS = ['opd', 'tag', 'stage', 'q', 'group'];

/**
 * The query string for a filter; empty parts are left out so a plain board has a plain URL. Other
 * parameters of `current` (the time-travel `at`) are kept.
 */
export function searchFromFilter(filter: BoardFilter, current = ''): string {
  const params = new URLSearchParams(current);
  for (const key of FILTER_KEYS) params.delete(key);
  if (filter.opd.length) params.set('opd', filter.opd.join(','));
  if (filter.tag.length) params.set('tag', filter.tag.join(','));
  if (filter.stage.length) params.set('stage', filter.stage.join(','));
  if (filter.q) params.set('q', filter.q);
  if (filter.group !== 'none') params.set('group', filter.group);
  const text = params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `?${text}` : '';
}

export function isFiltering(filter: BoardFilter): boolean {
  return filter.opd.length > 0 || filter.tag.length > 0 || filter.stage.length > 0 || filter.q.trim() !== '';
}
