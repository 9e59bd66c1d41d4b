import type { Draft } from 'immer';
import { parentCode } from '../reference/nomenclature';
import type { EventOfType } from './events';
import type { FoldableEvent } from './evolve';
import { own, type BoardState, type Kegiatan, type Program, type SubKegiatan } from './types';

/**
 * The fold of kegiatan and sub-kegiatan events (issue 11). Copy on write along the path program →
 * kegiatan → sub-kegiatan: nothing reachable from the state before the event is mutated, so a fork that
 * copies only the program (time travel's checkpoints) stays intact, and the same code runs under immer.
 */
type RincianEvent = Extract<
  FoldableEvent,
  {
    type:
      | 'KegiatanAdded'
      | 'KegiatanRevised'
      | 'KegiatanArchived'
      | 'KegiatanUnarchived'
      | 'SubKegiatanAdded'
      | 'SubKegiatanRevised'
      | 'SubKegiatanArchived'
      | 'SubKegiatanUnarchived';
  }
>;

export function applyRincian(board: Draft<BoardState>, event: RincianEvent, program: Draft<Program>): void {
  const { at } = event.meta;
  const stamp = { updatedAt: at, updatedRevision: event.revision };
  switch (event.type) {
    case 'KegiatanAdded': {
      const { programId: _p, code, title, indicators, notes } = event.data;
      setKegiatan(program, { code, title, indicators, notes, archived: false, subKegiatan: {}, ...stamp });
      return;
    }
    case 'KegiatanRevised': {
      const kegiatan = kegiatanIn(program, event.data.code, event);
      setKegiatan(program, { ...kegiatan, ...event.data.changes, ...stamp });
      return;
    }
    case 'KegiatanArchived':
    case 'KegiatanUnarchived': {
      const kegiatan = kegiatanIn(program, event.data.code, event);
      setKegiatan(program, { ...kegiatan, archived: event.type === 'KegiatanArchived', ...stamp });
      return;
    }
    case 'SubKegiatanAdded': {
      const { programId: _p, code, title, indicators, pagu, lokasi, notes } = event.data;
      setSub(program, event, {
        code,
        title,
        indicators,
        pagu: { ...pagu },
        lokasi,
        notes,
        archived: false,
        ...stamp,
      });
      return;
    }
    case 'SubKegiatanRevised': {
      const sub = subIn(program, event.data.code, event);
      const { pagu, ...rest } = event.data.changes;
      setSub(program, event, { ...sub, ...rest, pagu: pagu ? { ...sub.pagu, ...pagu } : sub.pagu, ...stamp });
      return;
    }
    case 'SubKegiatanArchived':
    case 'SubKegiatanUnarchived': {
      const sub = subIn(program, event.data.code, event);
      setSub(program, event, { ...sub, archived: event.type === 'SubKegiatanArchived', ...stamp });
      return;
    }
    default: {
      const exhaustive: never = event;
      void board;
      return exhaustive;
    }
  }
}

/**
 * Moves the board to another nomenclature version: renumbered codes are renamed everywhere (programs,
 * kegiatan keys, sub-kegiatan keys, re-grouped under their new parent), and names the new version
 * changed replace the old name wherever a card still carries the old one (a title someone edited stays).
 */
export function applyNomenclatureChanged(
  board: Draft<BoardState>,
  event: Extract<FoldableEvent, { type: 'NomenclatureChanged' }> & EventOfType<'NomenclatureChanged'>,
): void {
  const { to, renamed, retitled } = event.data;
  board.nomenclatureVersion = to;
  const renames = new Map(renamed.map((r) => [r.from, r.to]));
  const titles = new Map(retitled.map((r) => [r.code, r]));
  if (renames.size === 0 && titles.size === 0) return;
  const code = (c: string) => renames.get(c) ?? c;
  const title = <T extends { code: string; title: string }>(item: T): T => {
    const change = titles.get(item.code);
    return change && item.title === change.before ? { ...item, title: change.after } : item;
  };
  for (const program of Object.values(board.programs)) {
    let changed = false;
    const renamedProgram = title({ code: code(program.code), title: program.title });
    if (renamedProgram.code !== program.code || renamedProgram.title !== program.title) {
      program.code = renamedProgram.code;
      program.title = renamedProgram.title;
      changed = true;
    }
    const before = program.kegiatan;
    if (before) {
      const kegiatan: Record<string, Kegiatan> = {};
      const subs: SubKegiatan[] = [];
      for (const k of Object.values(before)) {
        const next = title({ ...k, code: code(k.code), subKegiatan: {} as Record<string, SubKegiatan> });
        kegiatan[next.code] = next;
        for (const s of Object.values(k.subKegiatan)) {
          const sub = title({ ...s, code: code(s.code) });
          subs.push(sub);
          // A sub-kegiatan whose new parent is not on the program stays with its old (renamed) kegiatan.
          const parent = kegiatan[parentCode(sub.code) ?? ''] ?? next;
          parent.subKegiatan[sub.code] = sub;
        }
      }
      changed ||= JSON.stringify(kegiatan) !== JSON.stringify(before);
      program.kegiatan = kegiatan;
    }
    if (changed) {
      program.updatedAt = event.meta.at;
      program.updatedRevision = event.revision;
    }
  }
}

function setKegiatan(program: Draft<Program>, kegiatan: Kegiatan): void {
  program.kegiatan = { ...program.kegiatan, [kegiatan.code]: kegiatan };
}

function setSub(program: Draft<Program>, event: RincianEvent, sub: SubKegiatan): void {
  const kegiatan = kegiatanIn(program, parentCode(sub.code) ?? '', event);
  setKegiatan(program, { ...kegiatan, subKegiatan: { ...kegiatan.subKegiatan, [sub.code]: sub } });
}

function kegiatanIn(program: Draft<Program>, code: string, event: RincianEvent): Kegiatan {
  const kegiatan = program.kegiatan ? own(program.kegiatan, code) : undefined;
  // decide() never emits an event for a missing kegiatan; a stream that does is corrupt.
  if (!kegiatan)
    throw new Error(`event ${event.type} at revision ${event.revision} names unknown kegiatan ${code}`);
  return kegiatan as Kegiatan;
}

function subIn(program: Draft<Program>, code: string, event: RincianEvent): SubKegiatan {
  const sub = own(kegiatanIn(program, parentCode(code) ?? '', event).subKegiatan, code);
  if (!sub)
    throw new Error(`event ${event.type} at revision ${event.revision} names unknown sub-kegiatan ${code}`);
  return sub;
}
