import { compareCodes } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import { effectiveChanges } from './decide-program';
import type { BoardEvent, Reverted } from './events';
import { kegiatanOf, own, type Kegiatan, type Program, type SubKegiatan } from './types';

/**
 * RevertProgram's 'rincian' part: the program's kegiatan and sub-kegiatan brought back to how they were
 * in `past`, as ordinary Kegiatan* and SubKegiatan* events marked `revertedTo`. Nothing is deleted: one
 * added since is archived; one gone since (never, but archived) is restored; one missing now is added
 * back with its fields. Fields are revised only where they differ (pagu year by year, every year named,
 * so a year set since goes back to unset). Order: kegiatan in code order, each one made active first,
 * then its fields and its sub-kegiatan, then archived last if it was archived then.
 */
export function revertRincian(
  programId: string,
  now: Program,
  past: Program,
  tag: Reverted & { reason: string },
): BoardEvent[] {
  const events: BoardEvent[] = [];
  const nowKegiatan = kegiatanOf(now);
  const pastKegiatan = kegiatanOf(past);
  const codes = [...new Set([...Object.keys(nowKegiatan), ...Object.keys(pastKegiatan)])].sort(compareCodes);
  for (const code of codes) {
    const was = own(pastKegiatan, code);
    const is = own(nowKegiatan, code);
    if (!was) {
      if (is && !is.archived) events.push(archived('KegiatanArchived', programId, code, tag));
      continue;
    }
    if (!is) {
      const { indicators, notes, title } = was;
      events.push({
        type: 'KegiatanAdded',
        data: { programId, code, title, indicators, notes, ...revertedOnly(tag) },
      });
    } else {
      if (is.archived) events.push({ type: 'KegiatanUnarchived', data: { programId, code, ...tag } });
      const { changes, before } = effectiveChanges(is, { indicators: was.indicators, notes: was.notes });
      if (Object.keys(changes).length > 0)
        events.push({ type: 'KegiatanRevised', data: { programId, code, changes, before, ...tag } });
    }
    events.push(...revertSubs(programId, is, was, tag));
    if (was.archived) events.push(archived('KegiatanArchived', programId, code, tag));
  }
  return events;
}

function revertSubs(
  programId: string,
  now: Kegiatan | undefined,
  past: Kegiatan,
  tag: Reverted & { reason: string },
): BoardEvent[] {
  const events: BoardEvent[] = [];
  const nowSubs = now?.subKegiatan ?? {};
  const codes = [...new Set([...Object.keys(nowSubs), ...Object.keys(past.subKegiatan)])].sort(compareCodes);
  for (const code of codes) {
    const was = own(past.subKegiatan, code);
    const is = own(nowSubs, code);
    if (!was) {
      if (is && !is.archived) events.push(archived('SubKegiatanArchived', programId, code, tag));
      continue;
    }
    if (!is) {
      const { indicators, pagu, lokasi, notes, title } = was;
      events.push({
        type: 'SubKegiatanAdded',
        data: { programId, code, title, indicators, pagu: { ...pagu }, lokasi, notes, ...revertedOnly(tag) },
      });
    } else {
      if (is.archived) events.push({ type: 'SubKegiatanUnarchived', data: { programId, code, ...tag } });
      const { changes, before } = effectiveChanges(is, pastSubFields(was));
      if (Object.keys(changes).length > 0)
        events.push({ type: 'SubKegiatanRevised', data: { programId, code, changes, before, ...tag } });
    }
    if (was.archived) events.push(archived('SubKegiatanArchived', programId, code, tag));
  }
  return events;
}

function pastSubFields(past: SubKegiatan) {
  return {
    indicators: past.indicators,
    pagu: Object.fromEntries(PLAN_YEARS.map((y) => [y, past.pagu[y] ?? null])),
    lokasi: past.lokasi,
    notes: past.notes,
  };
}

function archived(
  type: 'KegiatanArchived' | 'SubKegiatanArchived',
  programId: string,
  code: string,
  tag: Reverted & { reason: string },
): BoardEvent {
  return { type, data: { programId, code, ...tag } } as BoardEvent;
}

const revertedOnly = (tag: Reverted) => ({ revertedTo: tag.revertedTo, reason: tag.reason });
