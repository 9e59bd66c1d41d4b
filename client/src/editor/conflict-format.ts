import { own, PLAN_YEARS, type BoardState, type RecordedEvent } from '@selaras/shared';
import { formatRupiah } from '../format/rupiah';
import type { Language, Translate } from '../i18n/i18n';
import type { ConflictField, ConflictSubject, ConflictValue } from './conflict-resolution';
import { formatWib, formatWibDate } from '../format/wib';

/**
 * Turns the typed rows of conflict-resolution.ts into words in the person's language. Pure (the
 * translator, language and clock are passed in) so it is tested without React.
 */

const locale = (language: Language) => (language === 'en' ? 'en-GB' : 'id-ID');

export function fieldLabel(field: ConflictField, board: BoardState, t: Translate): string {
  switch (field.field) {
    case 'pagu':
      return t('conflict.field.pagu', { year: field.year });
    case 'tag':
      return t('conflict.field.tag', {
        list: own(board.referenceLists, field.listId)?.title ?? field.listId,
      });
    case 'rincian':
      return t('conflict.field.rincian', {
        level: t(`conflict.level.${field.level}`),
        code: field.code,
        field: t(`conflict.field.${field.name}`),
      });
    case 'rincianPagu':
      return t('conflict.field.rincian', {
        level: t('conflict.level.subKegiatan'),
        code: field.code,
        field: t('conflict.field.pagu', { year: field.year }),
      });
    default:
      return t(`conflict.field.${field.field}`);
  }
}

export function subjectText(subject: ConflictSubject, t: Translate): string {
  if (subject.kind === 'program') return `${subject.code} ${subject.title}`;
  if (subject.kind === 'column') return t('conflict.subject.column', { title: subject.title });
  return t('conflict.subject.unknown');
}

export function formatValue(
  value: ConflictValue,
  board: BoardState,
  language: Language,
  t: Translate,
): string {
  const columnTitle = (id: string) => board.columns.find((c) => c.id === id)?.title ?? id;
  switch (value.kind) {
    case 'text':
      if (value.text === null) return t('conflict.value.notSet');
      return value.text.trim() === '' ? t('conflict.value.empty') : value.text;
    case 'opd':
      return own(board.opds, value.opdId)?.name ?? value.opdId;
    case 'rupiah':
      return value.amount === null ? t('conflict.value.notSet') : formatRupiah(value.amount, language);
    case 'list':
      return value.items.length === 0 ? t('conflict.value.empty') : value.items.join(', ');
    case 'indicators':
      return formatIndicators(value, language, t);
    case 'column':
      return columnTitle(value.columnId);
    case 'tag': {
      const item = own(board.referenceLists, value.listId)?.items.find((i) => i.id === value.itemId);
      const label = item ? `${item.code} ${item.short}` : value.itemId;
      return t(value.tagged ? 'conflict.value.tagged' : 'conflict.value.untagged', { item: label });
    }
    case 'archived':
      return t(value.archived ? 'conflict.value.archived' : 'conflict.value.active');
    case 'columnPlace':
      if (value.afterId) return t('conflict.value.after', { title: columnTitle(value.afterId) });
      if (value.beforeId) return t('conflict.value.before', { title: columnTitle(value.beforeId) });
      // No neighbour named: the shared placement rule puts it at the end.
      return t('conflict.value.last');
  }
}

/** One line per indicator: name, unit and its targets per plan year (the years that are set). */
function formatIndicators(
  value: Extract<ConflictValue, { kind: 'indicators' }>,
  language: Language,
  t: Translate,
): string {
  if (value.indicators.length === 0) return t('conflict.value.noIndicators');
  const number = new Intl.NumberFormat(locale(language));
  return value.indicators
    .map((indicator) => {
      const targets = PLAN_YEARS.flatMap((year) => {
        const target = indicator.targets[year];
        return target === undefined || target === null ? [] : [`${year}: ${number.format(target)}`];
      });
      return t('conflict.value.indicator', {
        name: indicator.name,
        unit: indicator.unit,
        targets: targets.length > 0 ? targets.join('; ') : t('conflict.value.noTargets'),
      });
    })
    .join('\n');
}

/** "pukul 10.15 WIB", or with the date when it was not today (Jakarta time) — a reload next morning. */
export function formatWhen(at: string, language: Language, t: Translate, now: Date = new Date()): string {
  const time = formatWib(at, language, false);
  if (formatWibDate(at, language) === formatWibDate(now, language)) return t('conflict.when.today', { time });
  return t('conflict.when.date', { date: formatWibDate(at, language), time });
}

/** "diubah oleh Operator Dinas Kesehatan (Dinas Kesehatan) pukul 10.15 WIB". */
export function changedByText(
  event: RecordedEvent | undefined,
  board: BoardState,
  language: Language,
  t: Translate,
  now?: Date,
): string {
  if (!event) return t('conflict.changedUnknown');
  const { actor, at } = event.meta;
  const when = formatWhen(at, language, t, now);
  const opd = actor.opdId ? (own(board.opds, actor.opdId)?.name ?? actor.opdId) : null;
  return opd
    ? t('conflict.changedBy', { name: actor.name, opd, when })
    : t('conflict.changedByNoOpd', { name: actor.name, when });
}
