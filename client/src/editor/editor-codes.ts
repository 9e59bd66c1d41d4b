import {
  nomenclatureByVersion,
  searchNomenclature,
  type Nomenclature,
  type NomenclatureEntry,
} from '@selaras/shared';

/** The board's nomenclature list (the version it was created with), or undefined when unknown here. */
export function boardNomenclature(version: string | undefined): Nomenclature | undefined {
  return version ? nomenclatureByVersion(version) : undefined;
}

/** Whether `code` is a program code of the list (any code, for a list without levels). */
export function isKnownCode(nomenclature: Nomenclature | undefined, code: string): boolean {
  const entry = nomenclature?.entries.get(code.trim());
  return entry !== undefined && (entry.level === undefined || entry.level === 'program');
}

/**
 * The program codes for what was typed (code prefix or words, as the server's search does), best first.
 * A list with levels offers programs only; one without (the early sample, synthetic lists) everything.
 */
export function searchProgramCodes(
  nomenclature: Nomenclature | undefined,
  query: string,
  limit = 20,
): NomenclatureEntry[] {
  if (!nomenclature) return [];
  return searchNomenclature(nomenclature, {
    query,
    limit,
    ...(nomenclature.children ? { levels: ['program'] as const } : {}),
  });
}

/** The official name of a program code (undefined for another level's code: "1" is an urusan). */
export function officialTitle(nomenclature: Nomenclature | undefined, code: string): string | undefined {
  return isKnownCode(nomenclature, code) ? nomenclature?.entries.get(code.trim())?.title : undefined;
}

/**
 * Entries for the code input's autocomplete: codes starting with what was typed, then titles
 * containing it. Capped, because a synthetic board's list has tens of thousands of sub-kegiatan and a
 * datalist that long makes the browser crawl.
 */
export function suggestCodes(
  nomenclature: Nomenclature | undefined,
  query: string,
  limit = 40,
): NomenclatureEntry[] {
  if (!nomenclature) return [];
  const q = query.trim().toLocaleLowerCase('id');
  const byCode: NomenclatureEntry[] = [];
  const byTitle: NomenclatureEntry[] = [];
  for (const entry of nomenclature.entries.values()) {
    if (entry.code.startsWith(q)) byCode.push(entry);
    else if (q && byTitle.length < limit && entry.title.toLocaleLowerCase('id').includes(q))
      byTitle.push(entry);
    if (byCode.length >= limit) break;
  }
  return [...byCode, ...byTitle].slice(0, limit);
}

/**
 * The nomenklatur after the code changed: the official name of the new code, unless the person wrote a
 * name of their own (anything but empty or the previous code's official name), which is kept.
 */
export function titleAfterCodeChange(
  nomenclature: Nomenclature | undefined,
  previousCode: string,
  nextCode: string,
  title: string,
): string {
  const next = officialTitle(nomenclature, nextCode);
  if (!next) return title;
  const ownName = title.trim() !== '' && title !== officialTitle(nomenclature, previousCode);
  return ownName ? title : next;
}
