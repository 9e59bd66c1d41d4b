import { BOARD_EVENT_TYPES, rincianItem, type BoardState, type RecordedEvent } from '@selaras/shared';
import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-id';

export { formatWib } from '../format/wib';

/** Who did it, as a room says it: the person and their OPD's short name. */
export function actorLabel(event: Pick<RecordedEvent, 'meta'>, board: BoardState | null): string {
  const { actor } = event.meta;
  const opd =
    actor.opdId && board && Object.hasOwn(board.opds, actor.opdId) ? board.opds[actor.opdId] : undefined;
  return opd ? `${actor.name} (${opd.short})` : actor.name;
}

/**
 * One event in words, using the board for names ("memindahkan 1.02.02 Program … dari Usulan OPD ke
 * Telaah Bappeda"). The board may be newer than the event: names are today's, ids never change.
 */
export function describeEvent(event: RecordedEvent, board: BoardState | null, t: Translate): string {
  const data = event.data as Record<string, unknown>;
  const programId = typeof data.programId === 'string' ? data.programId : undefined;
  const program =
    programId && board && Object.hasOwn(board.programs, programId) ? board.programs[programId] : undefined;
  const programName = program ? `${program.code} ${program.title}` : (programId ?? '');
  const column = (id: unknown) =>
    (typeof id === 'string' && board?.columns.find((c) => c.id === id)?.title) || String(id ?? '');
  const item = () => {
    const list = typeof data.listId === 'string' && board ? board.referenceLists[data.listId] : undefined;
    const found = list?.items.find((i) => i.id === data.itemId);
    return found ? `${found.code} ${found.short}` : String(data.itemId ?? '');
  };
  const nomenclature = event.type === 'NomenclatureChanged' ? event.data : undefined;
  const opdId = event.type === 'OpdBidangSet' ? event.data.opdId : undefined;
  const params = {
    code: typeof data.code === 'string' ? data.code : '',
    opd: opdId ? (board && Object.hasOwn(board.opds, opdId) && board.opds[opdId]?.name) || opdId : '',
    bidang: event.type === 'OpdBidangSet' ? event.data.bidang.join(', ') || '—' : '',
    version: nomenclature?.to ?? '',
    renamed: nomenclature?.renamed.length ?? 0,
    retitled: nomenclature?.retitled.length ?? 0,
    removed: nomenclature?.removed.length ?? 0,
    program: programName,
    from: column(data.fromColumnId),
    to: column(data.toColumnId),
    item:
      event.type === 'ReferenceItemAdded' ? String((data.item as { short?: string })?.short ?? '') : item(),
    column: typeof data.title === 'string' ? data.title : column(data.columnId),
    title:
      typeof data.title === 'string'
        ? data.title
        : typeof data.code === 'string' && program
          ? (rincianItem(program, data.code)?.title ?? '')
          : '',
    type: event.type,
  };
  const key = `event.${event.type}` as MessageKey;
  return t(isKnown(key) ? key : 'event.other', params);
}

/** Every event type has a sentence; one added to the domain without one reads "mencatat <type>". */
const known: ReadonlySet<string> = new Set(BOARD_EVENT_TYPES);

function isKnown(key: string): boolean {
  return known.has(key.slice('event.'.length));
}
