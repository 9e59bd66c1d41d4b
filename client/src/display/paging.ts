/**
 * Columns fitted to the screen without scrolling: cards condense as the board grows, and a column that
 * is still too long shows its cards a page at a time, rotating. Sizes are in em of the display's font,
 * which scales with the screen width (20 px at 1920): the same layout on any projector.
 */
export type Density = 'full' | 'compact' | 'dense';

/** Roomiest first. Heights include the card's padding and border; must match display.css. */
export const DENSITIES: readonly Density[] = ['full', 'compact', 'dense'];
export const CARD_EM: Readonly<Record<Density, number>> = { full: 5.6, compact: 3.5, dense: 2.1 };
export const GAP_EM = 0.4;
/** How long a page of a long column stays up. */
export const ROTATE_MS = 8000;

/** How many cards of a density fit in `available` em (at least one: a column always shows something). */
export function perPage(availableEm: number, density: Density): number {
  return Math.max(1, Math.floor((availableEm + GAP_EM) / (CARD_EM[density] + GAP_EM)));
}

/** The roomiest density at which the longest column fits; the densest if none does (then it pages). */
export function chooseDensity(longest: number, availableEm: number): Density {
  return DENSITIES.find((d) => perPage(availableEm, d) >= longest) ?? 'dense';
}

/** Room kept at the bottom of a paged column for its "halaman 2/5". */
export const FOOTER_EM = 1.6;

export interface BoardFit {
  density: Density;
  /** Cards per page of every column. */
  size: number;
  /** Some column is longer than a page: those columns rotate and show which page is up. */
  paged: boolean;
}

/** One density and page size for the whole board, so cards line up across columns. */
export function fitColumns(longest: number, availableEm: number): BoardFit {
  const density = chooseDensity(longest, availableEm);
  const size = perPage(availableEm, density);
  if (size >= longest) return { density, size, paged: false };
  return { density: 'dense', size: perPage(availableEm - FOOTER_EM, 'dense'), paged: true };
}

export interface ColumnPage {
  ids: readonly string[];
  /** 0-based. */
  page: number;
  pages: number;
}

/**
 * The page of a column to show. Pages rotate with `tick`; but while a card of the column is highlighted
 * (it just changed), its page stays up, so the room sees the change it is told about.
 */
export function pageOf(
  ids: readonly string[],
  size: number,
  tick: number,
  highlighted?: ReadonlyMap<string, number>,
): ColumnPage {
  const pages = Math.max(1, Math.ceil(ids.length / size));
  if (pages === 1) return { ids, page: 0, pages };
  let page = tick % pages;
  if (highlighted && highlighted.size > 0) {
    let newest = -1;
    ids.forEach((id, index) => {
      const seq = highlighted.get(id);
      if (seq !== undefined && seq > newest) {
        newest = seq;
        page = Math.floor(index / size);
      }
    });
  }
  return { ids: ids.slice(page * size, page * size + size), page, pages };
}
