import { programPaguYear } from '../domain/pagu';
import { type Kegiatan, type Program, type SubKegiatan, kegiatanOf, own } from '../domain/types';
import { parentCode } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import type { CommandDraft, DraftContext } from './drafts';
import type { Entity } from './entity-model';

/**
 * A program's pagu in the file is its own (manual) figure unless it equals the sum of its sub-kegiatan
 * after the import, in which case the program keeps summing them: an export lists the effective figure,
 * and reading it back must change nothing.
 */
export function planProgramPagu(drafts: CommandDraft[], ctx: DraftContext, entities: Entity[]): void {
  const rincian = new Map<string, Entity[]>();
  for (const entity of entities) {
    if (entity.level === 'program') continue;
    const list = rincian.get(entity.programKey);
    if (list) list.push(entity);
    else rincian.set(entity.programKey, [entity]);
  }
  for (const draft of drafts) {
    const entity = draft.entity;
    if (entity.level !== 'program' || (draft.type !== 'ProposeProgram' && draft.type !== 'ReviseProgram'))
      continue;
    const program = programAfterImport(
      ctx.index.program(entity.code, entity.opdId),
      rincian.get(entity.key) ?? [],
    );
    const pagu: Record<string, number> = {};
    for (const year of PLAN_YEARS) {
      const wanted = entity.pagu[year];
      if (!wanted) continue;
      const { manual, rincian: sum } = programPaguYear(program, year);
      if (wanted.value === manual || (manual === null && wanted.value === sum)) continue;
      pagu[year] = wanted.value;
      draft.notes.push({
        row: wanted.row,
        change: { field: `pagu.${year}`, before: manual, after: wanted.value },
      });
    }
    if (Object.keys(pagu).length === 0) continue;
    if (draft.type === 'ProposeProgram') draft.data.pagu = pagu;
    else (draft.data.changes as Record<string, unknown>).pagu = pagu;
    draft.parsed = undefined;
  }
}

/**
 * A program's kegiatan and sub-kegiatan as the import leaves them (what it adds, restores and re-prices;
 * its own pagu untouched), for summing. Rows the domain later refuses are not known yet here: with
 * such errors in the file, a program's figure may be compared with a sum that then does not happen.
 */
function programAfterImport(
  current: Program | undefined,
  rincian: Entity[],
): Pick<Program, 'pagu' | 'kegiatan'> {
  const kegiatan: Record<string, Kegiatan> = {};
  for (const [code, k] of Object.entries(kegiatanOf(current ?? {})))
    kegiatan[code] = { ...k, subKegiatan: { ...k.subKegiatan } };
  const blank = { title: '', indicators: [], notes: '', archived: false, updatedAt: '', updatedRevision: 0 };
  for (const entity of rincian) {
    if (entity.level !== 'kegiatan') continue;
    const had = own(kegiatan, entity.code);
    kegiatan[entity.code] = had
      ? { ...had, archived: false }
      : { ...blank, code: entity.code, subKegiatan: {} };
  }
  for (const entity of rincian) {
    if (entity.level !== 'subKegiatan') continue;
    const parent = own(kegiatan, parentCode(entity.code)!);
    if (!parent) continue;
    const had = own(parent.subKegiatan, entity.code);
    const pagu: SubKegiatan['pagu'] = { ...(had?.pagu ?? {}) };
    for (const year of PLAN_YEARS) {
      const wanted = entity.pagu[year];
      if (wanted) pagu[year] = wanted.value;
    }
    parent.subKegiatan[entity.code] = {
      ...blank,
      lokasi: [],
      ...had,
      code: entity.code,
      archived: false,
      pagu,
    };
  }
  return { pagu: current?.pagu ?? {}, kegiatan };
}
