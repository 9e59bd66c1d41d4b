import type { Actor, BoardState, RecordedEvent } from '@selaras/shared';
import type { Language, Translate } from '../i18n/i18n';
import { formatWib as formatWibTime } from '../format/wib';
import { describeEvent as describeAuditEvent } from '../audit/describe-event';

/** How many changes the ticker shows (and the display keeps: nothing grows over a day of events). */
export const TICKER_SIZE = 5;

/** The newest events first, at most `max`, each revision once (a catch-up may repeat what was seen). */
export function pushRecent(
  recent: readonly RecordedEvent[],
  incoming: readonly RecordedEvent[],
  max = TICKER_SIZE,
): readonly RecordedEvent[] {
  if (incoming.length === 0) return recent;
  const byRevision = new Map<number, RecordedEvent>();
  // Only the tail of a large batch (a catch-up after a wake-up) can make it into the list.
  for (const event of incoming.slice(-max)) byRevision.set(event.revision, event);
  for (const event of recent) if (!byRevision.has(event.revision)) byRevision.set(event.revision, event);
  return [...byRevision.values()].sort((a, b) => b.revision - a.revision).slice(0, max);
}

/** "Program Pemenuhan Upaya Kesehatan …" → "Pemenuhan Upaya Kesehatan …": every program name starts so. */
export function shortTitle(title: string, max = 42): string {
  const rest = title.replace(/^program\s+/i, '');
  const text = rest.length > 0 ? rest : title;
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Cut at the last whole word (the cut may already end one).
  const space = text[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(–-]+$/, '')}…`;
}

/** Who did it, as the room knows them: the OPD's name, else the person's name. */
export function actorLabel(actor: Actor, board: BoardState): string {
  const opd = actor.opdId && Object.hasOwn(board.opds, actor.opdId) ? board.opds[actor.opdId] : undefined;
  return opd?.name ?? actor.name;
}

export function programLabel(programId: string, board: BoardState): string {
  const program = Object.hasOwn(board.programs, programId) ? board.programs[programId] : undefined;
  // Short: the sentence must still fit its two lines with where the program went.
  return program ? `${program.code} ${shortTitle(program.title, 26)}` : programId;
}

function columnLabel(columnId: string, board: BoardState): string {
  return board.columns.find((c) => c.id === columnId)?.title ?? columnId;
}

function itemLabel(listId: string, itemId: string, board: BoardState): string {
  const list = Object.hasOwn(board.referenceLists, listId) ? board.referenceLists[listId] : undefined;
  const item = list?.items.find((i) => i.id === itemId);
  return item ? `${item.code} (${item.short})` : itemId;
}

const FIELD_KEYS = {
  code: 'display.field.code',
  title: 'display.field.title',
  opdId: 'display.field.opdId',
  indicators: 'display.field.indicators',
  pagu: 'display.field.pagu',
  lokasi: 'display.field.lokasi',
  sumberDana: 'display.field.sumberDana',
  notes: 'display.field.notes',
} as const;

function fieldList(changes: object, t: Translate): string {
  const names = Object.keys(changes)
    .filter((k): k is keyof typeof FIELD_KEYS => Object.hasOwn(FIELD_KEYS, k))
    .map((k) => t(FIELD_KEYS[k]));
  if (names.length <= 1) return names[0] ?? t('display.field.title');
  return `${names.slice(0, -1).join(', ')}${t('display.fields.and')}${names.at(-1)}`;
}

/**
 * One change in words, as the room reads it: "Dinas Kesehatan memindahkan 1.02.02 Pemenuhan Upaya …
 * ke Selaras Asta Cita & RPJMN". Names come from the board as it is now (a renamed column reads with
 * its new name); ids that are gone read as ids.
 */
export function describeEvent(event: RecordedEvent, board: BoardState, t: Translate): string {
  const actor = actorLabel(event.meta.actor, board);
  // A revert (issue 4) is made of the usual program events, marked with the revision brought back.
  const revertedTo = (event.data as { revertedTo?: unknown }).revertedTo;
  const programId = programOf(event);
  if (typeof revertedTo === 'number' && programId)
    return t('display.ticker.reverted', {
      actor,
      program: programLabel(programId, board),
      revision: revertedTo,
    });
  switch (event.type) {
    case 'BoardCreated':
      return t('display.ticker.BoardCreated', { actor });
    case 'ProgramProposed':
      return t('display.ticker.ProgramProposed', {
        actor,
        program: programLabel(event.data.programId, board),
        column: columnLabel(event.data.columnId, board),
      });
    case 'ProgramRevised':
      return t('display.ticker.ProgramRevised', {
        actor,
        fields: fieldList(event.data.changes, t),
        program: programLabel(event.data.programId, board),
      });
    case 'ProgramMoved':
      return t(
        event.data.fromColumnId === event.data.toColumnId
          ? 'display.ticker.ProgramReordered'
          : 'display.ticker.ProgramMoved',
        {
          actor,
          program: programLabel(event.data.programId, board),
          column: columnLabel(event.data.toColumnId, board),
        },
      );
    case 'ProgramTagged':
    case 'ProgramUntagged':
      return t(`display.ticker.${event.type}`, {
        actor,
        program: programLabel(event.data.programId, board),
        item: itemLabel(event.data.listId, event.data.itemId, board),
      });
    case 'ProgramCommented':
    case 'ProgramArchived':
      return t(`display.ticker.${event.type}`, { actor, program: programLabel(event.data.programId, board) });
    case 'ProgramUnarchived': {
      const program = Object.hasOwn(board.programs, event.data.programId)
        ? board.programs[event.data.programId]
        : undefined;
      return t('display.ticker.ProgramUnarchived', {
        actor,
        program: programLabel(event.data.programId, board),
        column: program ? columnLabel(program.columnId, board) : '—',
      });
    }
    case 'ColumnAdded':
    case 'ColumnMoved':
      return t(`display.ticker.${event.type}`, { actor, column: columnLabel(event.data.columnId, board) });
    case 'ColumnRenamed':
      return t('display.ticker.ColumnRenamed', {
        actor,
        before: event.data.before,
        column: event.data.title,
      });
    case 'ReferenceItemAdded': {
      const list = Object.hasOwn(board.referenceLists, event.data.listId)
        ? board.referenceLists[event.data.listId]
        : undefined;
      return t('display.ticker.ReferenceItemAdded', {
        actor,
        item: `${event.data.item.code} (${event.data.item.short})`,
        list: list?.title ?? event.data.listId,
      });
    }
    default: {
      // Events newer than this code: meetings and milestones (issue 4) read by their title, the rest
      // by their type (written this way so it compiles with or without them in the domain).
      const other = event as { type: string; data: { title?: unknown } };
      const title = typeof other.data.title === 'string' ? other.data.title : '';
      if (other.type === 'MeetingStarted') return t('display.ticker.MeetingStarted', { actor, title });
      if (other.type === 'MeetingEnded') return t('display.ticker.MeetingEnded', { actor, title });
      if (other.type === 'MilestoneMarked') return t('display.ticker.MilestoneMarked', { actor, title });
      // Kegiatan, sub-kegiatan, the OPD–bidang mapping, a nomenclature change (issue 11): the audit log's
      // sentence, after who did it.
      if (RINCIAN_AND_LIST_EVENTS.has(other.type))
        return t('display.ticker.said', { actor, what: describeAuditEvent(event, board, t) });
      return t('display.ticker.other', { actor, type: other.type });
    }
  }
}

const RINCIAN_AND_LIST_EVENTS: ReadonlySet<string> = new Set([
  'KegiatanAdded',
  'KegiatanRevised',
  'KegiatanArchived',
  'KegiatanUnarchived',
  'SubKegiatanAdded',
  'SubKegiatanRevised',
  'SubKegiatanArchived',
  'SubKegiatanUnarchived',
  'OpdBidangSet',
  'NomenclatureChanged',
]);

/** HH.mm (Indonesian) / HH:mm (English) in WIB, whatever the projector laptop's time zone. */
export const formatWib = (at: string | number | Date, language: Language): string =>
  formatWibTime(at, language, false);

/** The ticker line: the sentence and, after a middle dot, the server's time of the change in WIB. */
export function tickerLine(
  event: RecordedEvent,
  board: BoardState,
  t: Translate,
  language: Language,
): string {
  return `${describeEvent(event, board, t)} · ${formatWib(event.meta.at, language)}`;
}

/** The program an event is about, if any (what the board highlights). */
export function programOf(event: RecordedEvent): string | null {
  return 'programId' in event.data && typeof event.data.programId === 'string' ? event.data.programId : null;
}
