import { compareCodes, type Nomenclature } from '../reference/nomenclature';
import { kegiatanOf, type Kegiatan, type Program, type SubKegiatan } from './types';

/** How much rincian a program holds: its active kegiatan, and the active sub-kegiatan under them. */
export interface RincianCounts {
  kegiatan: number;
  subKegiatan: number;
}

export function rincianCounts(program: Pick<Program, 'kegiatan'>): RincianCounts {
  let kegiatan = 0;
  let subKegiatan = 0;
  for (const k of Object.values(kegiatanOf(program))) {
    if (k.archived) continue;
    kegiatan++;
    for (const s of Object.values(k.subKegiatan)) if (!s.archived) subKegiatan++;
  }
  return { kegiatan, subKegiatan };
}

/** A program's kegiatan in nomenclature order (archived ones too: the caller decides what to show). */
export function kegiatanInOrder(program: Pick<Program, 'kegiatan'>): Kegiatan[] {
  return Object.values(kegiatanOf(program)).sort((a, b) => compareCodes(a.code, b.code));
}

export function subKegiatanInOrder(kegiatan: Kegiatan): SubKegiatan[] {
  return Object.values(kegiatan.subKegiatan).sort((a, b) => compareCodes(a.code, b.code));
}

/**
 * The codes on a program (its own, its active kegiatan and sub-kegiatan) that the list does not have:
 * after the board moved to a version that dropped them (NomenclatureChanged `removed`), they stay on
 * the card, marked, until someone changes them.
 */
export function codesMissingFrom(
  program: Pick<Program, 'code' | 'kegiatan'>,
  nomenclature: Nomenclature,
): string[] {
  const missing: string[] = [];
  if (!nomenclature.entries.has(program.code)) missing.push(program.code);
  for (const k of Object.values(kegiatanOf(program))) {
    if (k.archived) continue;
    if (!nomenclature.entries.has(k.code)) missing.push(k.code);
    for (const s of Object.values(k.subKegiatan))
      if (!s.archived && !nomenclature.entries.has(s.code)) missing.push(s.code);
  }
  return missing.sort(compareCodes);
}

/** The kegiatan or sub-kegiatan with this code on the program, if it is there. */
export function rincianItem(
  program: Pick<Program, 'kegiatan'>,
  code: string,
): Kegiatan | SubKegiatan | undefined {
  const tree = kegiatanOf(program);
  if (Object.hasOwn(tree, code)) return tree[code];
  const kegiatan = Object.values(tree).find((k) => Object.hasOwn(k.subKegiatan, code));
  return kegiatan?.subKegiatan[code];
}
