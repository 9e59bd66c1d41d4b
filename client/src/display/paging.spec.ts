/** @jest-environment node */
import { CARD_EM, FOOTER_EM, GAP_EM, chooseDensity, fitColumns, pageOf, perPage } from './paging';

// A column body at 1920×1080 is about 23 em of the display's font.
const BODY = 23;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p-${i + 1}`);

describe('column paging', () => {
  it('fits as many cards as the height allows, at least one', () => {
    expect(perPage(BODY, 'full')).toBe(Math.floor((BODY + GAP_EM) / (CARD_EM.full + GAP_EM)));
    expect(perPage(BODY, 'compact')).toBeGreaterThan(perPage(BODY, 'full'));
    expect(perPage(BODY, 'dense')).toBeGreaterThan(perPage(BODY, 'compact'));
    expect(perPage(1, 'full')).toBe(1);
  });

  it('condenses the cards as the longest column grows, then pages', () => {
    expect(chooseDensity(2, BODY)).toBe('full');
    expect(chooseDensity(perPage(BODY, 'full') + 1, BODY)).toBe('compact');
    expect(chooseDensity(perPage(BODY, 'compact') + 1, BODY)).toBe('dense');
    expect(chooseDensity(500, BODY)).toBe('dense');
  });

  it('shows a short column whole, on one page', () => {
    const column = ids(4);
    expect(pageOf(column, 10, 7)).toEqual({ ids: column, page: 0, pages: 1 });
  });

  it('rotates a long column through its pages, the last one partly filled', () => {
    const column = ids(23);
    expect(pageOf(column, 10, 0)).toEqual({ ids: ids(10), page: 0, pages: 3 });
    expect(pageOf(column, 10, 1).ids).toEqual(column.slice(10, 20));
    expect(pageOf(column, 10, 2)).toEqual({ ids: column.slice(20), page: 2, pages: 3 });
    expect(pageOf(column, 10, 3).page).toBe(0);
  });

  it('keeps the page of the card that changed last up while it is highlighted', () => {
    const column = ids(23);
    const highlighted = new Map([
      ['p-3', 1],
      ['p-22', 2], // newer: its page wins
      ['p-elsewhere', 3],
    ]);
    expect(pageOf(column, 10, 0, highlighted).page).toBe(2);
    expect(pageOf(column, 10, 1, new Map([['p-3', 1]])).page).toBe(0);
    expect(pageOf(column, 10, 1, new Map([['p-elsewhere', 1]])).page).toBe(1);
  });
});

describe('fitting the board', () => {
  it('uses the roomiest density that shows every column whole', () => {
    expect(fitColumns(3, BODY)).toEqual({ density: 'full', size: perPage(BODY, 'full'), paged: false });
    expect(fitColumns(perPage(BODY, 'compact'), BODY)).toMatchObject({ density: 'compact', paged: false });
  });

  it('pages dense cards when even they do not fit, keeping room for the page indicator', () => {
    const fit = fitColumns(200, BODY);
    expect(fit).toEqual({ density: 'dense', size: perPage(BODY - FOOTER_EM, 'dense'), paged: true });
    expect(fit.size).toBeLessThan(perPage(BODY, 'dense') + 1);
  });
});
